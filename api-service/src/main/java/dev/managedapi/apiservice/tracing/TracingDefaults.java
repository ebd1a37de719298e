package dev.managedapi.apiservice.tracing;

import java.util.HashMap;
import java.util.Map;

/**
 * Tracing exports nothing unless an OTLP endpoint is configured: exporting to a collector that is
 * not there would fill the log with export failures. Without an exporter, spans are not recorded
 * either (sampler always_off), which keeps their cost off every request while trace ids are still
 * created, propagated from traceparent and written to logs and error bodies. Explicit
 * OTEL_TRACES_EXPORTER or OTEL_TRACES_SAMPLER settings always win.
 */
public final class TracingDefaults {
  private TracingDefaults() {}

  /** The exporter property to add, if the environment implies one. */
  public static Map<String, Object> forEnvironment(Map<String, String> environment) {
    boolean endpoint =
        environment.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
            || environment.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    if (!endpoint || environment.containsKey("OTEL_TRACES_EXPORTER")) {
      return Map.of();
    }
    Map<String, Object> properties = new HashMap<>();
    properties.put("otel.traces.exporter", "otlp");
    if (!environment.containsKey("OTEL_TRACES_SAMPLER")) {
      properties.put("otel.traces.sampler", "parentbased_always_on");
    }
    return properties;
  }
}
