package dev.managedapi.operator.health;

import java.util.Locale;

/**
 * What a health body's status word means, whichever format said it. DEGRADED and DOWN are the two
 * levels the operator reports; UNKNOWN (Spring's own word, or a custom status it cannot place) is
 * not news.
 */
public enum HealthLevel {
  UP,
  UNKNOWN,
  DEGRADED,
  DOWN;

  /** Whether a body at this level makes the API degraded. */
  public boolean degraded() {
    return this == DEGRADED || this == DOWN;
  }

  public HealthLevel worst(HealthLevel other) {
    return other.ordinal() > ordinal() ? other : this;
  }

  /** Micronaut and Spring Boot Actuator words; custom statuses are UNKNOWN. */
  static HealthLevel ofActuator(String word) {
    return switch (word.toUpperCase(Locale.ROOT)) {
      case "UP" -> UP;
      case "DEGRADED" -> DEGRADED;
      case "DOWN", "OUT_OF_SERVICE" -> DOWN;
      default -> UNKNOWN;
    };
  }
}
