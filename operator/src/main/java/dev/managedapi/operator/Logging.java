package dev.managedapi.operator;

import dev.managedapi.operator.config.OperatorConfig;

/**
 * Hands the validated LOG_LEVEL and LOG_FORMAT to logback.xml, which reads them as system
 * properties. Must run before the first logger is created.
 */
final class Logging {

  private Logging() {}

  static void configure(OperatorConfig config) {
    System.setProperty("LOG_LEVEL", config.logLevel());
    System.setProperty("LOG_FORMAT", config.logFormat().name());
  }
}
