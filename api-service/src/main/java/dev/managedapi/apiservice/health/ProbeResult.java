package dev.managedapi.apiservice.health;

import io.micronaut.health.HealthStatus;
import java.util.Map;

/** What one dependency check found. */
record ProbeResult(HealthStatus status, Map<String, Object> details) {}
