package dev.managedapi.operator.notify;

import io.fabric8.kubernetes.api.model.SecretKeySelector;

/**
 * News worth a message to a person: a crash loop started, the restart budget ran out, a rollback
 * happened, the API's own health body reports it degraded, or no longer does.
 *
 * @param id identifies the news itself (object UID, kind and when it happened), so the same news is
 *     never sent twice however often it is offered
 */
public record Notification(
    String id,
    Kind kind,
    String namespace,
    String name,
    String summary,
    String detail,
    SecretKeySelector webhookSecretRef) {

  /** The kinds of news, with the words a chat message starts with. */
  public enum Kind {
    CrashLoopStarted("Crash loop"),
    RestartBudgetExhausted("Restart budget exhausted"),
    RolledBack("Rolled back"),
    ApiDegraded("API degraded"),
    ApiRecovered("API recovered");

    private final String title;

    Kind(String title) {
      this.title = title;
    }

    public String title() {
      return title;
    }
  }
}
