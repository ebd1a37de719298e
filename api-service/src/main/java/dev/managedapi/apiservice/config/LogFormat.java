package dev.managedapi.apiservice.config;

/**
 * Carries LOG_FORMAT to logback.xml. Logback starts before Micronaut, so the choice travels as a
 * system property set before the first logger is created.
 */
public final class LogFormat {
  /** Read by logback.xml as {@code ${api.log.format}}. */
  public static final String PROPERTY = "api.log.format";

  private LogFormat() {}

  /** Selects the appender logback will use; call before any logger exists. */
  public static void select(String format) {
    System.setProperty(PROPERTY, format);
  }
}
