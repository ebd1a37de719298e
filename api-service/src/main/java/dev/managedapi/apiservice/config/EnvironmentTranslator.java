package dev.managedapi.apiservice.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the process environment into Micronaut properties, and rejects bad values up front so a
 * typo stops startup with one line naming the variable instead of a stack trace from deep inside
 * the framework.
 */
public final class EnvironmentTranslator {
  private EnvironmentTranslator() {}

  /**
   * Returns the properties the environment asks for.
   *
   * @throws InvalidEnvironmentException naming the first variable whose value is invalid
   */
  public static Map<String, Object> translate(Map<String, String> environment) {
    Map<String, Object> properties = new LinkedHashMap<>();
    // DATABASE_URL is applied before DATABASE_USER/PASSWORD (enum order), so explicit ones win.
    for (EnvironmentVariable variable : EnvironmentVariable.values()) {
      String value = environment.get(variable.name());
      if (value == null || value.isEmpty()) {
        continue;
      }
      try {
        variable.apply(value, properties);
      } catch (IllegalArgumentException e) {
        throw new InvalidEnvironmentException(
            variable.name(), redact(variable, value), "expected " + e.getMessage());
      }
    }
    return properties;
  }

  private static String redact(EnvironmentVariable variable, String value) {
    return variable == EnvironmentVariable.DATABASE_PASSWORD
            || variable == EnvironmentVariable.DATABASE_URL
        ? "<redacted>"
        : value;
  }
}
