package dev.managedapi.operator.notify;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.PendingNotification;
import dev.managedapi.operator.events.EventReason;
import dev.managedapi.operator.events.EventRecorder;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook news kept in status.pendingNotifications until it is sent, so a restart or failover of
 * the operator cannot lose it. A pass writes new news in the same status patch as the transition it
 * announces; once that patch is stored the pass offers every pending notification to the {@link
 * WebhookNotifier} (a no-op for one already being sent); a later pass, woken by the notifier,
 * removes what was delivered or given up on. Only the leader reconciles, so only the leader sends,
 * and a new leader sends whatever the status still lists.
 *
 * <p>So each piece of news is sent at least once. It reaches a receiver twice only when the
 * operator dies after the receiver accepted it and before the patch that removes it; the repeat
 * carries the same id, so a receiver that deduplicates by id sees it exactly once.
 */
public class NotificationOutbox {

  /** Beyond this many pending notifications the oldest is dropped, so status stays small. */
  public static final int MAX_PENDING = 10;

  private static final Logger log = LoggerFactory.getLogger(NotificationOutbox.class);

  private final WebhookNotifier notifier;
  private final EventRecorder events;

  public NotificationOutbox(WebhookNotifier notifier, EventRecorder events) {
    this.notifier = notifier;
    this.events = events;
  }

  /**
   * What a pass writes to status.pendingNotifications, and what it reports once that is stored:
   * notifications given up on and notifications dropped to stay within {@link #MAX_PENDING}.
   */
  public record Update(
      List<PendingNotification> pending,
      List<WebhookNotifier.Outcome> givenUp,
      List<PendingNotification> dropped) {

    /** The status field: absent rather than empty, so a ManagedApi without news shows nothing. */
    public List<PendingNotification> statusField() {
      return pending.isEmpty() ? null : pending;
    }
  }

  public EventSource<?, ManagedApi> eventSource() {
    return new NotificationEventSource(notifier);
  }

  /** The stored pending notifications without the finished ones, then this pass's news. */
  public Update update(
      ManagedApi api, List<PendingNotification> stored, List<PendingNotification> news) {
    if (api.getSpec().getNotifications() == null) {
      // No webhook any more: nowhere to send what was pending.
      return new Update(List.of(), List.of(), List.of());
    }
    List<PendingNotification> pending = new ArrayList<>();
    List<WebhookNotifier.Outcome> givenUp = new ArrayList<>();
    for (PendingNotification notification : Optional.ofNullable(stored).orElse(List.of())) {
      Optional<WebhookNotifier.Outcome> outcome = notifier.outcome(notification.id());
      if (kind(notification).isEmpty()) {
        // Only a hand-edited status holds one; it could never be sent, so it must not stay.
        log.warn(
            "Dropped pending notification {} of ManagedApi {}/{}: unknown kind {}",
            notification.id(),
            api.getMetadata().getNamespace(),
            api.getMetadata().getName(),
            notification.kind());
      } else if (outcome.isEmpty()) {
        pending.add(notification);
      } else if (!outcome.get().delivered()) {
        givenUp.add(outcome.get());
      }
    }
    for (PendingNotification notification : news) {
      if (pending.stream().noneMatch(p -> p.id().equals(notification.id()))) {
        pending.add(notification);
      }
    }
    int excess = Math.max(0, pending.size() - MAX_PENDING);
    List<PendingNotification> dropped = List.copyOf(pending.subList(0, excess));
    return new Update(List.copyOf(pending.subList(excess, pending.size())), givenUp, dropped);
  }

  /**
   * Once the status of {@code update} is stored: reports what was given up on or dropped, and sends
   * every pending notification not already being sent.
   */
  public void afterWrite(ManagedApi api, Update update) {
    for (WebhookNotifier.Outcome outcome : update.givenUp()) {
      events.record(
          api,
          EventReason.NotificationFailed,
          "Gave up on the %s webhook notification: %s."
              .formatted(outcome.notification().kind(), outcome.failure()));
    }
    for (PendingNotification dropped : update.dropped()) {
      events.record(
          api,
          EventReason.NotificationDropped,
          "More than %d webhook notifications were waiting to be sent; dropped the oldest, %s of %s."
              .formatted(MAX_PENDING, dropped.kind(), dropped.id()));
    }
    for (PendingNotification pending : update.pending()) {
      notifier.offer(notification(api, pending, kind(pending).orElseThrow()));
    }
  }

  private static Optional<Notification.Kind> kind(PendingNotification pending) {
    return Arrays.stream(Notification.Kind.values())
        .filter(kind -> kind.name().equals(pending.kind()))
        .findFirst();
  }

  private static Notification notification(
      ManagedApi api, PendingNotification pending, Notification.Kind kind) {
    return new Notification(
        pending.id(),
        kind,
        api.getMetadata().getNamespace(),
        api.getMetadata().getName(),
        pending.summary(),
        pending.detail(),
        api.getSpec().getNotifications().getWebhookSecretRef());
  }
}
