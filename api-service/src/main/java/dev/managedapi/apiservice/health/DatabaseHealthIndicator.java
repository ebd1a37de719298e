package dev.managedapi.apiservice.health;

import dev.managedapi.apiservice.database.Database;
import dev.managedapi.apiservice.database.DatabaseUnavailableException;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The database as /health shows it. A dead database makes the service DEGRADED, never DOWN: the
 * process still serves everything that does not need it, and restarting pods would not bring the
 * database back. It is deliberately neither a liveness nor a readiness check.
 */
@Singleton
class DatabaseHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
  private final Database database;
  private final ThrottledProbe<Map<String, Object>> probe;

  DatabaseHealthIndicator(Database database, HealthSettings settings, Clock clock) {
    this.database = database;
    this.probe = new ThrottledProbe<>(clock, settings.getProbeInterval());
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    Map<String, Object> details = probe.get(this::check);
    healthStatus = details.containsKey("error") ? HealthStatuses.DEGRADED : HealthStatus.UP;
    return details;
  }

  private Map<String, Object> check() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("kind", database.kind().label());
    details.put("durable", database.kind().durable());
    try {
      database.call(connection -> connection.isValid(1));
    } catch (DatabaseUnavailableException e) {
      details.put("error", e.getMessage());
      details.put("retryAfterSeconds", e.retryAfter().toSeconds());
    }
    details.put("circuitBreaker", database.breakerState().name());
    return details;
  }

  @Override
  protected String getName() {
    return "database";
  }
}
