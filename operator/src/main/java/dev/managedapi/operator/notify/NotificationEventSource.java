package dev.managedapi.operator.notify;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * Triggers a reconcile of a ManagedApi when one of its notifications was delivered or given up on,
 * so the outbox removes it from the status. Its lifetime is the controller's: when this replica
 * stops leading, the sending stops too and the next leader sends what the status still lists.
 */
public final class NotificationEventSource extends AbstractEventSource<Notification, ManagedApi> {

  private final WebhookNotifier notifier;

  public NotificationEventSource(WebhookNotifier notifier) {
    super(Notification.class, "notifications");
    this.notifier = notifier;
  }

  @Override
  public void start() {
    notifier.onFinished(
        n -> getEventHandler().handleEvent(new Event(new ResourceID(n.name(), n.namespace()))));
    super.start();
  }

  @Override
  public void stop() {
    notifier.onFinished(n -> {});
    notifier.abandonAll();
    super.stop();
  }

  @Override
  public Set<Notification> getSecondaryResources(ManagedApi primary) {
    return Set.of();
  }
}
