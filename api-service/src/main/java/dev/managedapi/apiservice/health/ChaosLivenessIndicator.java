package dev.managedapi.apiservice.health;

import dev.managedapi.apiservice.chaos.ChaosSettings;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Lets CHAOS_FAIL_LIVENESS make the kubelet restart the container. The real "process wedged" check
 * is Micronaut's deadlockedThreads liveness indicator; a wedged event loop fails liveness simply by
 * not answering.
 */
@Singleton
@Liveness
class ChaosLivenessIndicator implements HealthIndicator {
  private final ChaosSettings chaos;

  ChaosLivenessIndicator(ChaosSettings chaos) {
    this.chaos = chaos;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    return FlagHealth.of(
        "chaosLiveness", !chaos.isFailLiveness(), "no chaos", "CHAOS_FAIL_LIVENESS is set");
  }
}
