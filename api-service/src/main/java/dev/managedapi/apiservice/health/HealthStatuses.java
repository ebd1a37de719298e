package dev.managedapi.apiservice.health;

import io.micronaut.health.HealthStatus;

/**
 * The guides' vocabulary on Micronaut's scale: healthy = UP, degraded = DEGRADED, unhealthy = DOWN.
 * DEGRADED has no "operational" flag so it sorts between UP (operational) and DOWN (not): the
 * overall status is the worst component's, and DEGRADED maps to HTTP 200 in application.yml.
 */
public final class HealthStatuses {
  public static final String DEGRADED_NAME = "DEGRADED";

  public static final HealthStatus DEGRADED =
      new HealthStatus(DEGRADED_NAME, "serving, with a dependency impaired", null, 500);

  private HealthStatuses() {}
}
