package dev.managedapi.apiservice.health;

import io.micronaut.context.annotation.Value;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Version, start time, uptime and the current time, as the guides' /health showed them. */
@Singleton
class ServiceInfoHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
  private final Clock clock;
  private final String version;
  private final Instant startedAt;

  ServiceInfoHealthIndicator(Clock clock, @Value("${api.version}") String version) {
    this.clock = clock;
    this.version = version;
    this.startedAt = clock.instant();
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    Instant now = clock.instant();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("version", version);
    details.put("startedAt", startedAt.toString());
    details.put("uptimeSeconds", Duration.between(startedAt, now).toSeconds());
    details.put("timestamp", now.toString());
    healthStatus = HealthStatus.UP;
    return details;
  }

  @Override
  protected String getName() {
    return "service";
  }
}
