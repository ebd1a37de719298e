package dev.managedapi.apiservice.health;

import dev.managedapi.apiservice.exports.ExportsDirectory;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Free space where exports are written. Low disk is DEGRADED (exports will fail), not DOWN:
 * Micronaut's own disk indicator would answer DOWN and turn /health into a 503 over a full /tmp.
 */
@Singleton
class DiskSpaceHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
  private final ExportsDirectory exports;
  private final long thresholdBytes;

  DiskSpaceHealthIndicator(ExportsDirectory exports, HealthSettings settings) {
    this.exports = exports;
    this.thresholdBytes = settings.getDiskSpaceThreshold();
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("threshold", thresholdBytes);
    try {
      FileStore store = Files.getFileStore(existingAncestor(exports.path()));
      long free = store.getUsableSpace();
      details.put("free", free);
      details.put("total", store.getTotalSpace());
      healthStatus = free >= thresholdBytes ? HealthStatus.UP : HealthStatuses.DEGRADED;
    } catch (IOException e) {
      healthStatus = HealthStatuses.DEGRADED;
      details.put("error", "Cannot read disk space: " + e.getMessage());
    }
    return details;
  }

  private static Path existingAncestor(Path path) {
    Path candidate = path.toAbsolutePath();
    while (candidate != null && !Files.exists(candidate)) {
      candidate = candidate.getParent();
    }
    return candidate == null ? Path.of("/") : candidate;
  }

  @Override
  protected String getName() {
    return "diskSpace";
  }
}
