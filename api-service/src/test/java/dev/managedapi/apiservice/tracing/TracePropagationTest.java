package dev.managedapi.apiservice.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.apiservice.testing.CapturedLogs;
import dev.managedapi.apiservice.testing.Http;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.tracing.opentelemetry.instrument.http.server.OpenTelemetryServerFilter;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A W3C traceparent from the caller carries through to the error body and the access log; without a
 * valid one the service starts its own trace. This is the default path: no exporter, so {@link
 * TraceIdFilter} rather than OpenTelemetry provides the ids.
 */
@MicronautTest
@Property(name = "api.rate-limit.enabled", value = "false")
@Property(name = "test.fault-routes", value = "true")
class TracePropagationTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  @Inject EmbeddedServer server;
  @Inject ApplicationContext context;

  @Test
  void incomingTraceIdAppearsInTheProblemAndTheAccessLogLine() {
    try (CapturedLogs access = new CapturedLogs("access")) {
      HttpResponse<String> response =
          new Http(server.getURI())
              .get("/api/inputs/" + UUID.randomUUID(), "traceparent", TRACEPARENT);

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(Http.json(response).path("traceId").asText()).isEqualTo(TRACE_ID);
      awaitAccessLine(
          access,
          "method=GET",
          "route=/api/inputs/{id}",
          "status=404",
          "durationMs=",
          "traceId=" + TRACE_ID);
    }
  }

  @Test
  void anUnexpectedErrorCarriesTheIncomingTraceIdBesideItsErrorId() {
    HttpResponse<String> response =
        new Http(server.getURI()).get("/api/test-faults/boom", "traceparent", TRACEPARENT);

    JsonNode problem = Http.json(response);
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(problem.path("errorId").asText()).isNotBlank();
    assertThat(problem.path("traceId").asText()).isEqualTo(TRACE_ID);
  }

  @Test
  void withoutTraceparentTheServiceStartsItsOwnTrace() {
    try (CapturedLogs access = new CapturedLogs("access")) {
      HttpResponse<String> response = new Http(server.getURI()).get("/api/nothing");

      String traceId = Http.json(response).path("traceId").asText();
      assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
      awaitAccessLine(access, "status=404", "traceId=" + traceId);
    }
  }

  @Test
  void anInvalidTraceparentIsIgnoredAndANewTraceStarted() {
    Http http = new Http(server.getURI());
    String upperCase = "00-" + TRACE_ID.toUpperCase() + "-00f067aa0ba902b7-01";
    String zeroTraceId = "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01";

    for (String invalid : new String[] {upperCase, zeroTraceId, "00-" + TRACE_ID, "garbage"}) {
      HttpResponse<String> response = http.get("/api/nothing", "traceparent", invalid);

      assertThat(Http.json(response).path("traceId").asText())
          .as(invalid)
          .matches("[0-9a-f]{32}")
          .isNotEqualTo(TRACE_ID)
          .isNotEqualTo("0".repeat(32));
    }
  }

  @Test
  void eachRequestWithoutTraceparentGetsADifferentTraceId() {
    Http http = new Http(server.getURI());

    String first = Http.json(http.get("/api/nothing")).path("traceId").asText();
    String second = Http.json(http.get("/api/nothing")).path("traceId").asText();

    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void openTelemetryIsOffWithoutAnExporter() {
    assertThat(context.containsBean(TraceIdFilter.class)).isTrue();
    assertThat(context.containsBean(OpenTelemetry.class)).isFalse();
    assertThat(context.containsBean(OpenTelemetryServerFilter.class)).isFalse();
  }

  /** Waits for one access log line that holds every fragment (the access log is asynchronous). */
  private static void awaitAccessLine(CapturedLogs access, String... fragments) {
    await()
        .untilAsserted(
            () ->
                assertThat(access.events())
                    .anySatisfy(
                        event -> assertThat(event.getFormattedMessage()).contains(fragments)));
  }
}
