package dev.managedapi.apiservice.health;

import dev.managedapi.apiservice.exports.ExportsDirectory;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** DEGRADED when the exports directory cannot be written: exports fail, the rest still works. */
@Singleton
class ExportsHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
  private final ExportsDirectory exports;
  private final ThrottledProbe<Optional<String>> probe;

  ExportsHealthIndicator(ExportsDirectory exports, HealthSettings settings, Clock clock) {
    this.exports = exports;
    this.probe = new ThrottledProbe<>(clock, settings.getProbeInterval());
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("path", exports.path().toString());
    Optional<String> problem = probe.get(exports::writeProblem);
    details.put("writable", problem.isEmpty());
    problem.ifPresent(reason -> details.put("error", reason));
    healthStatus = problem.isEmpty() ? HealthStatus.UP : HealthStatuses.DEGRADED;
    return details;
  }

  @Override
  protected String getName() {
    return "exports";
  }
}
