package dev.managedapi.apiservice.health;

import dev.managedapi.apiservice.shutdown.DrainState;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/** Readiness goes DOWN the moment SIGTERM arrives, so load balancers stop sending new work. */
@Singleton
@Readiness
class DrainingReadinessIndicator implements HealthIndicator {
  private final DrainState drainState;

  DrainingReadinessIndicator(DrainState drainState) {
    this.drainState = drainState;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    return FlagHealth.of(
        "draining",
        !drainState.isDraining(),
        "accepting traffic",
        "shutting down: finishing in-flight requests");
  }
}
