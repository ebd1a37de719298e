package dev.managedapi.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.NotificationsSpec;
import dev.managedapi.operator.api.v1alpha1.PendingNotification;
import dev.managedapi.operator.testing.TestManagedApis;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a pass writes to status.pendingNotifications, before anything has been sent. */
class NotificationOutboxTest {

  // Nothing is offered in these tests, so neither the client nor the executor is used.
  final NotificationOutbox outbox =
      new NotificationOutbox(new WebhookNotifier(null, null, Duration.ofSeconds(1), o -> {}), null);

  @Test
  void newsIsAppendedAfterWhatIsStillPending() {
    var update = outbox.update(withWebhook(), List.of(news(1)), List.of(news(2)));

    assertThat(update.pending()).containsExactly(news(1), news(2));
    assertThat(update.dropped()).isEmpty();
  }

  @Test
  void newsAlreadyPendingIsNotListedTwice() {
    var update = outbox.update(withWebhook(), List.of(news(1)), List.of(news(1)));

    assertThat(update.pending()).containsExactly(news(1));
  }

  @Test
  void beyondTheLimitTheOldestIsDropped() {
    List<PendingNotification> stored =
        IntStream.rangeClosed(1, NotificationOutbox.MAX_PENDING).mapToObj(i -> news(i)).toList();

    var update = outbox.update(withWebhook(), stored, List.of(news(99)));

    assertThat(update.pending()).hasSize(NotificationOutbox.MAX_PENDING).endsWith(news(99));
    assertThat(update.dropped()).containsExactly(news(1));
  }

  @Test
  void withoutAWebhookNothingIsPending() {
    ManagedApi api = TestManagedApis.managedApi("orders");
    api.getSpec().setNotifications(null);

    var update = outbox.update(api, List.of(news(1)), List.of(news(2)));

    assertThat(update.pending()).isEmpty();
    assertThat(update.statusField()).as("the status field is left out").isNull();
  }

  @Test
  void aPendingNotificationOfAnUnknownKindIsRemoved() {
    var unknown = new PendingNotification("uid/Unknown/t", "Unknown", "?", "?");

    var update = outbox.update(withWebhook(), List.of(unknown, news(1)), List.of());

    assertThat(update.pending()).containsExactly(news(1));
  }

  private static ManagedApi withWebhook() {
    ManagedApi api = TestManagedApis.managedApi("orders");
    var notifications = new NotificationsSpec();
    notifications.setWebhookSecretRef(new SecretKeySelector("url", "alerts", false));
    api.getSpec().setNotifications(notifications);
    return api;
  }

  private static PendingNotification news(int n) {
    return new PendingNotification(
        "uid/CrashLoopStarted/2026-01-01T00:00:%02dZ".formatted(n),
        "CrashLoopStarted",
        "crash loop detected",
        "Container api exited with code 1");
  }
}
