package dev.managedapi.operator.reconciler;

import static dev.managedapi.operator.status.Conditions.find;

import dev.managedapi.operator.api.v1alpha1.HealthyRevision;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ManagedApiStatus;
import dev.managedapi.operator.api.v1alpha1.NotificationsSpec;
import dev.managedapi.operator.api.v1alpha1.Remediation;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetAction;
import dev.managedapi.operator.events.EventReason;
import dev.managedapi.operator.events.EventRecorder;
import dev.managedapi.operator.metrics.ManagedApiMetrics;
import dev.managedapi.operator.notify.Notification;
import dev.managedapi.operator.notify.WebhookNotifier;
import dev.managedapi.operator.restarts.RemediationPlanner.Transition;
import dev.managedapi.operator.status.ConditionTypes;
import dev.managedapi.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Objects;

/**
 * Tells people what changed once a new status is written: events on the ManagedApi, webhook
 * notifications and remediation counters. Everything here follows from comparing the previous and
 * the new status, so a pass that changes nothing announces nothing.
 */
public class TransitionAnnouncer {

  private final EventRecorder events;
  private final WebhookNotifier notifier;
  private final ManagedApiMetrics metrics;

  public TransitionAnnouncer(
      EventRecorder events, WebhookNotifier notifier, ManagedApiMetrics metrics) {
    this.events = events;
    this.notifier = notifier;
    this.metrics = metrics;
  }

  public void announce(
      ManagedApi api, ManagedApiStatus previous, ManagedApiStatus next, Transition remediation) {
    List<Condition> before = previous == null ? List.of() : previous.getConditions();
    List<Condition> after = next.getConditions();

    if (became(before, after, ConditionTypes.READY, true)) {
      events.record(api, EventReason.Ready, message(after, ConditionTypes.READY));
    }
    if (became(before, after, ConditionTypes.CRASH_LOOPING, true)) {
      Condition crashLoop = find(after, ConditionTypes.CRASH_LOOPING).orElseThrow();
      events.record(api, EventReason.CrashLoopDetected, crashLoop.getMessage());
      notify(
          api,
          Notification.Kind.CrashLoopStarted,
          crashLoop.getLastTransitionTime(),
          "crash loop detected",
          crashLoop.getMessage());
    } else if (became(before, after, ConditionTypes.CRASH_LOOPING, false)
        && find(before, ConditionTypes.CRASH_LOOPING).isPresent()) {
      events.record(
          api, EventReason.CrashLoopResolved, message(after, ConditionTypes.CRASH_LOOPING));
    }
    if (reasonBecame(before, after, ConditionTypes.DEGRADED, Reasons.CONTAINER_CANNOT_START)) {
      events.record(api, EventReason.ContainerCannotStart, message(after, ConditionTypes.DEGRADED));
    }
    announceApiHealth(api, before, after);
    if (reasonBecame(
        before, after, ConditionTypes.PROGRESSING, Reasons.PROGRESS_DEADLINE_EXCEEDED)) {
      events.record(
          api, EventReason.ProgressDeadlineExceeded, message(after, ConditionTypes.PROGRESSING));
    }
    announceHealthyRevision(api, previous, next);
    if (remediation != null) {
      announceRemediation(api, remediation);
    }
  }

  /**
   * The API's own health body: news when pods start reporting degraded and when they all stop. Not
   * when a crash loop takes over the condition (that has news of its own), and not for changes of
   * the message while it stays degraded (another component, another pod): the condition has them.
   */
  private void announceApiHealth(ManagedApi api, List<Condition> before, List<Condition> after) {
    if (reasonBecame(before, after, ConditionTypes.DEGRADED, Reasons.API_DEGRADED)) {
      Condition degraded = find(after, ConditionTypes.DEGRADED).orElseThrow();
      events.record(api, EventReason.ApiDegraded, degraded.getMessage());
      notify(
          api,
          Notification.Kind.ApiDegraded,
          degraded.getLastTransitionTime(),
          "health endpoint reports degraded",
          degraded.getMessage());
      return;
    }
    boolean wasApiDegraded =
        find(before, ConditionTypes.DEGRADED)
            .map(c -> "True".equals(c.getStatus()) && Reasons.API_DEGRADED.equals(c.getReason()))
            .orElse(false);
    if (wasApiDegraded && became(before, after, ConditionTypes.DEGRADED, false)) {
      Condition degraded = find(after, ConditionTypes.DEGRADED).orElseThrow();
      String message = "Every pod's health endpoint reports healthy again.";
      events.record(api, EventReason.ApiRecovered, message);
      notify(
          api,
          Notification.Kind.ApiRecovered,
          degraded.getLastTransitionTime(),
          "health endpoint reports healthy again",
          message);
    }
  }

  private void announceHealthyRevision(
      ManagedApi api, ManagedApiStatus previous, ManagedApiStatus next) {
    HealthyRevision before = previous == null ? null : previous.getLastHealthyRevision();
    HealthyRevision after = next.getLastHealthyRevision();
    if (after != null
        && (before == null || !Objects.equals(before.templateHash(), after.templateHash()))) {
      events.record(
          api,
          EventReason.HealthyRevisionRecorded,
          "Revision %s (image %s) ran without restarts for the stabilization period; it is now the rollback target."
              .formatted(after.templateHash(), after.image()));
    }
  }

  private void announceRemediation(ManagedApi api, Transition transition) {
    Remediation to = transition.to();
    if (to == null) {
      events.record(
          api,
          EventReason.RemediationEnded,
          "%s ended: %s."
              .formatted(
                  transition.from().action(),
                  transition.from().generation() < api.getMetadata().getGeneration()
                      ? "the spec changed, so the restart window starts afresh"
                      : "the restarts left the window"));
      return;
    }
    metrics.remediationStarted(api, to.action());
    String message = to.message();
    boolean escalated = transition.from() != null;
    EventReason reason =
        escalated
            ? EventReason.RollbackFailed
            : switch (to.action()) {
              case Alert -> EventReason.RestartBudgetExhausted;
              case Suspend -> EventReason.Suspended;
              case Rollback -> EventReason.RolledBack;
            };
    events.record(api, reason, message);
    Notification.Kind kind =
        to.action() == RestartBudgetAction.Rollback
            ? Notification.Kind.RolledBack
            : Notification.Kind.RestartBudgetExhausted;
    notify(api, kind, to.startedAt(), summary(to), message);
  }

  private static String summary(Remediation remediation) {
    return switch (remediation.action()) {
      case Alert -> "restart budget exhausted";
      case Suspend -> "restart budget exhausted, API suspended";
      case Rollback -> "restart budget exhausted, rolled back to " + remediation.rolledBackTo();
    };
  }

  private void notify(
      ManagedApi api, Notification.Kind kind, String when, String summary, String detail) {
    NotificationsSpec notifications = api.getSpec().getNotifications();
    if (notifications == null || notifier == null) {
      return;
    }
    notifier.offer(
        new Notification(
            api.getMetadata().getUid() + "/" + kind + "/" + when,
            kind,
            api.getMetadata().getNamespace(),
            api.getMetadata().getName(),
            summary,
            detail,
            notifications.getWebhookSecretRef()));
  }

  private static boolean became(
      List<Condition> before, List<Condition> after, String type, boolean status) {
    String wanted = status ? "True" : "False";
    boolean wasWanted = find(before, type).map(c -> wanted.equals(c.getStatus())).orElse(false);
    boolean isWanted = find(after, type).map(c -> wanted.equals(c.getStatus())).orElse(false);
    return isWanted && !wasWanted;
  }

  private static boolean reasonBecame(
      List<Condition> before, List<Condition> after, String type, String reason) {
    boolean had = find(before, type).map(c -> reason.equals(c.getReason())).orElse(false);
    boolean has = find(after, type).map(c -> reason.equals(c.getReason())).orElse(false);
    return has && !had;
  }

  private static String message(List<Condition> conditions, String type) {
    return find(conditions, type).map(Condition::getMessage).orElse("");
  }
}
