package dev.managedapi.apiservice.tracing;

import java.util.HashMap;
import java.util.Map;

/**
 * OpenTelemetry runs only when something is to be exported: an OTLP endpoint, or an explicit
 * OTEL_TRACES_EXPORTER other than none. Exporting to a collector that is not there would fill the
 * log with export failures, and without an exporter OpenTelemetry's per-request instrumentation
 * would cost CPU for spans nobody sees; {@link TraceIdFilter} then provides the trace ids of logs
 * and error bodies instead (from traceparent, or new). With an endpoint, spans are recorded
 * (parentbased_always_on) and exported over OTLP. Explicit OTEL_TRACES_EXPORTER or
 * OTEL_TRACES_SAMPLER settings always win.
 */
public final class TracingDefaults {
  /** Micronaut's switch for its whole OpenTelemetry integration; false in application.yml. */
  public static final String OTEL_ENABLED = "micronaut.otel.enabled";

  private TracingDefaults() {}

  /** The properties to add, if the environment asks for export. */
  public static Map<String, Object> forEnvironment(Map<String, String> environment) {
    boolean endpoint =
        environment.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
            || environment.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    String exporter = environment.get("OTEL_TRACES_EXPORTER");
    boolean explicitExporter = exporter != null && !exporter.isBlank();
    if (explicitExporter ? exporter.strip().equals("none") : !endpoint) {
      return Map.of();
    }
    Map<String, Object> properties = new HashMap<>();
    properties.put(OTEL_ENABLED, true);
    if (!explicitExporter) {
      properties.put("otel.traces.exporter", "otlp");
      if (!environment.containsKey("OTEL_TRACES_SAMPLER")) {
        properties.put("otel.traces.sampler", "parentbased_always_on");
      }
    }
    return properties;
  }
}
