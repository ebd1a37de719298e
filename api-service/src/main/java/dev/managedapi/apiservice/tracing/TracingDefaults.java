package dev.managedapi.apiservice.tracing;

import java.util.Map;

/**
 * Tracing is off unless an OTLP endpoint is configured: exporting to a collector that is not there
 * would fill the log with export failures. An explicit OTEL_TRACES_EXPORTER always wins.
 */
public final class TracingDefaults {
  private TracingDefaults() {}

  /** The exporter property to add, if the environment implies one. */
  public static Map<String, Object> forEnvironment(Map<String, String> environment) {
    if (environment.containsKey("OTEL_TRACES_EXPORTER")) {
      return Map.of();
    }
    boolean endpoint =
        environment.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
            || environment.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    return endpoint ? Map.of("otel.traces.exporter", "otlp") : Map.of();
  }
}
