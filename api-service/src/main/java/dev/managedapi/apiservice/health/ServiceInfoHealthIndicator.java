package dev.managedapi.apiservice.health;

import io.micronaut.context.annotation.Value;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Version, start time, uptime and the current time, as the guides' /health showed them. Named
 * "serviceInfo": "service" is Micronaut's own readiness indicator, and equal names overwrite.
 */
@Singleton
class ServiceInfoHealthIndicator implements HealthIndicator {
  private final Clock clock;
  private final String version;
  private final Instant startedAt;

  ServiceInfoHealthIndicator(Clock clock, @Value("${api.version}") String version) {
    this.clock = clock;
    this.version = version;
    this.startedAt = clock.instant();
  }

  @Override
  public Publisher<HealthResult> getResult() {
    Instant now = clock.instant();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("version", version);
    details.put("startedAt", startedAt.toString());
    details.put("uptimeSeconds", Duration.between(startedAt, now).toSeconds());
    details.put("timestamp", now.toString());
    return Mono.just(HealthResult.builder("serviceInfo", HealthStatus.UP).details(details).build());
  }
}
