package dev.managedapi.apiservice.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingDefaultsTest {

  @Test
  void noEndpointMeansNothingIsExportedAndOpenTelemetryStaysOff() {
    assertThat(TracingDefaults.forEnvironment(Map.of())).isEmpty();
    assertThat(TracingDefaults.forEnvironment(Map.of("OTEL_TRACES_SAMPLER", "always_on")))
        .isEmpty();
  }

  @Test
  void anOtlpEndpointSwitchesOpenTelemetryExportAndRecordingOn() {
    assertThat(
            TracingDefaults.forEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317")))
        .containsOnly(
            entry(TracingDefaults.OTEL_ENABLED, true),
            entry("otel.traces.exporter", "otlp"),
            entry("otel.traces.sampler", "parentbased_always_on"));
    assertThat(
            TracingDefaults.forEnvironment(
                Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/v1/traces")))
        .containsEntry(TracingDefaults.OTEL_ENABLED, true);
  }

  @Test
  void explicitOtelSettingsWin() {
    assertThat(
            TracingDefaults.forEnvironment(
                Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317",
                    "OTEL_TRACES_EXPORTER", "console")))
        .containsOnly(entry(TracingDefaults.OTEL_ENABLED, true));
    assertThat(
            TracingDefaults.forEnvironment(
                Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317",
                    "OTEL_TRACES_SAMPLER", "traceidratio")))
        .doesNotContainKey("otel.traces.sampler");
  }

  @Test
  void anExplicitExporterTurnsOpenTelemetryOnWithoutAnEndpoint() {
    assertThat(TracingDefaults.forEnvironment(Map.of("OTEL_TRACES_EXPORTER", "console")))
        .containsOnly(entry(TracingDefaults.OTEL_ENABLED, true));
  }

  @Test
  void exporterNoneKeepsOpenTelemetryOffEvenWithAnEndpoint() {
    assertThat(
            TracingDefaults.forEnvironment(
                Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317",
                    "OTEL_TRACES_EXPORTER", "none")))
        .isEmpty();
  }
}
