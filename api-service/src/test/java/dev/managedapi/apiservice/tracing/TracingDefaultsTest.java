package dev.managedapi.apiservice.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingDefaultsTest {

  @Test
  void noEndpointMeansNothingIsExported() {
    assertThat(TracingDefaults.forEnvironment(Map.of())).isEmpty();
  }

  @Test
  void anOtlpEndpointSwitchesExportAndRecordingOn() {
    assertThat(
            TracingDefaults.forEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317")))
        .containsEntry("otel.traces.exporter", "otlp")
        .containsEntry("otel.traces.sampler", "parentbased_always_on");
  }

  @Test
  void explicitOtelSettingsWin() {
    assertThat(
            TracingDefaults.forEnvironment(
                Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317",
                    "OTEL_TRACES_EXPORTER", "console")))
        .isEmpty();
    assertThat(
            TracingDefaults.forEnvironment(
                Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317",
                    "OTEL_TRACES_SAMPLER", "traceidratio")))
        .doesNotContainKey("otel.traces.sampler");
  }
}
