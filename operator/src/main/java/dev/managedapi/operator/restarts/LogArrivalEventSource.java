package dev.managedapi.operator.restarts;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.restarts.PodDiagnostics.LogTail;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;

/**
 * Reconciles a ManagedApi again when a crashed instance's log that its reconcile gave up waiting
 * for has arrived, so the failure report gets it. Stopping it (the operator stops, or loses its
 * lease) drops the reads under way: the next leader reads again what its status still says is
 * pending.
 */
final class LogArrivalEventSource extends AbstractEventSource<LogTail, ManagedApi> {

  private final LogReads logs;

  LogArrivalEventSource(LogReads logs) {
    super(LogTail.class, "crashed-instance-logs");
    this.logs = logs;
  }

  @Override
  public void start() {
    logs.onArrival(owner -> getEventHandler().handleEvent(new Event(owner)));
    super.start();
  }

  @Override
  public void stop() {
    logs.onArrival(owner -> {});
    logs.forgetAll();
    super.stop();
  }

  @Override
  public Set<LogTail> getSecondaryResources(ManagedApi primary) {
    return Set.of();
  }
}
