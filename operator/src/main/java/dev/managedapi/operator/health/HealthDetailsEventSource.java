package dev.managedapi.operator.health;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.util.Set;

/**
 * Triggers a reconcile of a ManagedApi when one of its pods' health verdicts changes. Its lifetime
 * is the controller's: stopping it (the operator stops, or loses its lease) stops the probing too,
 * since only a leader has anything to report.
 */
public final class HealthDetailsEventSource extends AbstractEventSource<PodHealth, ManagedApi>
    implements ResourceEventAware<ManagedApi> {

  private final HealthDetailsProber prober;

  public HealthDetailsEventSource(HealthDetailsProber prober) {
    super(PodHealth.class, "health-details");
    this.prober = prober;
  }

  @Override
  public void start() {
    prober.onChange(id -> getEventHandler().handleEvent(new Event(id)));
    super.start();
  }

  @Override
  public void stop() {
    prober.onChange(id -> {});
    prober.forgetAll();
    super.stop();
  }

  /** A deleted ManagedApi's pods are not read again. */
  @Override
  public void onResourceDeleted(ManagedApi resource) {
    prober.forget(ResourceID.fromResource(resource));
  }

  @Override
  public Set<PodHealth> getSecondaryResources(ManagedApi primary) {
    return Set.copyOf(prober.verdicts(ResourceID.fromResource(primary)));
  }
}
