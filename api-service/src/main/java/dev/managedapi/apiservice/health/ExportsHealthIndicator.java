package dev.managedapi.apiservice.health;

import dev.managedapi.apiservice.exports.ExportsDirectory;
import io.micronaut.health.HealthStatus;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/** DEGRADED when the exports directory cannot be written: exports fail, the rest still works. */
@Singleton
class ExportsHealthIndicator extends ProbedHealthIndicator {
  private final ExportsDirectory exports;

  ExportsHealthIndicator(
      ExportsDirectory exports,
      HealthSettings settings,
      Clock clock,
      @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
    super("exports", clock, settings.getProbeInterval(), blocking);
    this.exports = exports;
  }

  @Override
  protected ProbeResult check() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("path", exports.path().toString());
    Optional<String> problem = exports.writeProblem();
    details.put("writable", problem.isEmpty());
    problem.ifPresent(reason -> details.put("error", reason));
    return new ProbeResult(problem.isEmpty() ? HealthStatus.UP : HealthStatuses.DEGRADED, details);
  }
}
