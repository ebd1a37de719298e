package dev.managedapi.apiservice.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** A health result that is UP or DOWN on one flag, with a sentence saying which. */
final class FlagHealth {
  private FlagHealth() {}

  static Publisher<HealthResult> of(String name, boolean up, String whenUp, String whenDown) {
    return Mono.just(
        HealthResult.builder(name)
            .status(up ? HealthStatus.UP : HealthStatus.DOWN)
            .details(up ? whenUp : whenDown)
            .build());
  }
}
