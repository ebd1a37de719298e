package dev.managedapi.operator.health;

import java.util.List;

/**
 * What one pod's health body said, in the operator's words.
 *
 * @param status the overall status word as the body wrote it ({@code DEGRADED}, {@code warn}, ...)
 * @param level what that word means
 * @param components every component that is not UP, deepest first where components nest, with its
 *     own word; empty when the body names none
 */
public record HealthReport(
    Format format, String status, HealthLevel level, List<Component> components) {

  public HealthReport {
    components = List.copyOf(components);
  }

  public boolean degraded() {
    return level.degraded();
  }

  /**
   * A component that is not UP.
   *
   * @param name its path, parent first, joined with '/' where components nest ({@code db/primary})
   */
  public record Component(String name, String status, HealthLevel level) {}

  /** The body formats the operator understands. */
  public enum Format {
    /**
     * Micronaut's and Spring Boot Actuator's {@code status} with {@code details}/{@code
     * components}.
     */
    ACTUATOR,
    /** MicroProfile Health: {@code status} and {@code checks[]}. */
    MICROPROFILE,
    /** {@code application/health+json} (the IETF draft): pass/warn/fail with {@code checks}. */
    HEALTH_JSON
  }
}
