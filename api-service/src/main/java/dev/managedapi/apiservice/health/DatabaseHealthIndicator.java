package dev.managedapi.apiservice.health;

import dev.managedapi.apiservice.database.Database;
import dev.managedapi.apiservice.database.DatabaseUnavailableException;
import io.micronaut.health.HealthStatus;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The database as /health shows it. A dead database makes the service DEGRADED, never DOWN: the
 * process still serves everything that does not need it, and restarting pods would not bring the
 * database back. Micronaut lists every non-liveness indicator under readiness too, where DEGRADED
 * keeps readiness UP.
 */
@Singleton
class DatabaseHealthIndicator extends ProbedHealthIndicator {
  private final Database database;

  DatabaseHealthIndicator(
      Database database,
      HealthSettings settings,
      Clock clock,
      @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
    super("database", clock, settings.getProbeInterval(), blocking);
    this.database = database;
  }

  @Override
  protected ProbeResult check() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("kind", database.kind().label());
    details.put("durable", database.kind().durable());
    HealthStatus status = HealthStatus.UP;
    try {
      database.call(connection -> connection.isValid(1));
    } catch (DatabaseUnavailableException e) {
      status = HealthStatuses.DEGRADED;
      details.put("error", e.getMessage());
      details.put("retryAfterSeconds", e.retryAfter().toSeconds());
    }
    details.put("circuitBreaker", database.breakerState().name());
    return new ProbeResult(status, details);
  }
}
