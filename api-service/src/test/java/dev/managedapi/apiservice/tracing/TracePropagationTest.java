package dev.managedapi.apiservice.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.apiservice.testing.CapturedLogs;
import dev.managedapi.apiservice.testing.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A W3C traceparent from the caller carries through to the error body and the access log. */
@MicronautTest
@Property(name = "api.rate-limit.enabled", value = "false")
class TracePropagationTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  @Inject EmbeddedServer server;

  @Test
  void incomingTraceIdAppearsInTheProblemAndTheAccessLogLine() {
    try (CapturedLogs access = new CapturedLogs("access")) {
      HttpResponse<String> response =
          new Http(server.getURI())
              .get("/api/inputs/" + UUID.randomUUID(), "traceparent", TRACEPARENT);

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(Http.json(response).path("traceId").asText()).isEqualTo(TRACE_ID);
      await()
          .untilAsserted(
              () ->
                  assertThat(access.events())
                      .anySatisfy(
                          event ->
                              assertThat(event.getFormattedMessage())
                                  .contains("method=GET")
                                  .contains("route=/api/inputs/{id}")
                                  .contains("status=404")
                                  .contains("durationMs=")
                                  .contains("traceId=" + TRACE_ID)));
    }
  }

  @Test
  void withoutTraceparentTheServiceStartsItsOwnTrace() {
    HttpResponse<String> response = new Http(server.getURI()).get("/api/nothing");

    assertThat(Http.json(response).path("traceId").asText()).matches("[0-9a-f]{32}");
  }
}
