package dev.managedapi.apiservice.shutdown;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/** How the service stops on SIGTERM. */
@ConfigurationProperties("api.shutdown")
public class ShutdownSettings {
  /**
   * Time between readiness going DOWN and the port closing. Kubernetes removes a pod from its
   * Service endpoints asynchronously; a few seconds here stop new connections being refused
   * mid-rollout. The in-flight grace period is micronaut.lifecycle.graceful-shutdown.grace-period.
   */
  @NotNull private Duration drainDelay = Duration.ZERO;

  public Duration getDrainDelay() {
    return drainDelay;
  }

  public void setDrainDelay(Duration drainDelay) {
    this.drainDelay = drainDelay;
  }
}
