package dev.managedapi.apiservice.health;

import dev.managedapi.apiservice.exports.ExportsDirectory;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Free space where exports are written. Low disk is DEGRADED (exports will fail), not DOWN:
 * Micronaut's own disk indicator would answer DOWN and turn /health into a 503 over a full /tmp. A
 * statfs call is cheap, so it is answered on the calling thread.
 */
@Singleton
class DiskSpaceHealthIndicator implements HealthIndicator {
  private final ExportsDirectory exports;
  private final long thresholdBytes;

  DiskSpaceHealthIndicator(ExportsDirectory exports, HealthSettings settings) {
    this.exports = exports;
    this.thresholdBytes = settings.getDiskSpaceThreshold();
  }

  @Override
  public Publisher<HealthResult> getResult() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("threshold", thresholdBytes);
    HealthStatus status;
    try {
      FileStore store = Files.getFileStore(existingAncestor(exports.path()));
      long free = store.getUsableSpace();
      details.put("free", free);
      details.put("total", store.getTotalSpace());
      status = free >= thresholdBytes ? HealthStatus.UP : HealthStatuses.DEGRADED;
    } catch (IOException e) {
      status = HealthStatuses.DEGRADED;
      details.put("error", "Cannot read disk space: " + e.getMessage());
    }
    return Mono.just(HealthResult.builder("diskSpace", status).details(details).build());
  }

  private static Path existingAncestor(Path path) {
    Path candidate = path.toAbsolutePath();
    while (candidate != null && !Files.exists(candidate)) {
      candidate = candidate.getParent();
    }
    return candidate == null ? Path.of("/") : candidate;
  }
}
