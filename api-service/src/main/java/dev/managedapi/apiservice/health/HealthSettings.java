package dev.managedapi.apiservice.health;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.convert.format.ReadableBytes;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/** How the dependency checks behind /health run. */
@ConfigurationProperties("api.health")
public class HealthSettings {
  /** The database and exports checks run at most this often; answers in between are reused. */
  @NotNull private Duration probeInterval = Duration.ofSeconds(1);

  /** Below this much free space where exports are written, health is DEGRADED. */
  @ReadableBytes private long diskSpaceThreshold = 10L * 1024 * 1024;

  public Duration getProbeInterval() {
    return probeInterval;
  }

  public void setProbeInterval(Duration probeInterval) {
    this.probeInterval = probeInterval;
  }

  public long getDiskSpaceThreshold() {
    return diskSpaceThreshold;
  }

  public void setDiskSpaceThreshold(long diskSpaceThreshold) {
    this.diskSpaceThreshold = diskSpaceThreshold;
  }
}
