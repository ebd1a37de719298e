package dev.managedapi.apiservice.errors;

import static dev.managedapi.apiservice.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.apiservice.testing.CapturedLogs;
import dev.managedapi.apiservice.testing.FaultRoutes;
import dev.managedapi.apiservice.testing.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every error status the API can answer, each as RFC 9457 problem+json. */
@MicronautTest
@Property(name = "test.fault-routes", value = "true")
@Property(name = "api.rate-limit.enabled", value = "false")
@Property(name = "micronaut.server.max-request-size", value = "4096")
class ErrorResponsesTest {
  @Inject EmbeddedServer server;
  private Http http;

  @BeforeEach
  void client() {
    http = new Http(server.getURI());
  }

  @Test
  void invalidFieldsAreA400ListingEachField() {
    JsonNode problem =
        assertProblem(
            http.postJson("/api/inputs", "{\"source\":\"bad source!\",\"payload\":null}"),
            400,
            "validation-failed");

    assertThat(problem.path("errors"))
        .extracting(error -> error.path("field").asText())
        .containsExactly("payload", "source");
  }

  @Test
  void malformedJsonIsA400WithoutParserInternals() {
    JsonNode problem =
        assertProblem(http.postJson("/api/inputs", "{\"source\":"), 400, "validation-failed");

    assertThat(problem.path("detail").asText()).startsWith("Invalid JSON").doesNotContain("\n");
  }

  @Test
  void badPathAndQueryValuesAreA400NamingTheParameter() {
    JsonNode badId = assertProblem(http.get("/api/inputs/not-a-uuid"), 400, "validation-failed");
    assertThat(badId.path("errors").get(0).path("field").asText()).isEqualTo("id");

    JsonNode badLimit = assertProblem(http.get("/api/inputs?limit=501"), 400, "validation-failed");
    assertThat(badLimit.path("errors").get(0).path("field").asText()).isEqualTo("limit");

    JsonNode badCursor =
        assertProblem(http.get("/api/inputs?cursor=forged"), 400, "validation-failed");
    assertThat(badCursor.path("errors").get(0).path("field").asText()).isEqualTo("cursor");
  }

  @Test
  void unknownRouteIsA404() {
    assertProblem(http.get("/api/nothing-here"), 404, "not-found");
  }

  @Test
  void wrongMethodIsA405WithAllow() {
    HttpResponse<String> response = http.method("PUT", "/api/inputs", "application/json", "{}");

    assertProblem(response, 405, "method-not-allowed");
    assertThat(response.headers().firstValue("Allow"))
        .hasValueSatisfying(allow -> assertThat(allow).contains("POST").contains("GET"));
  }

  @Test
  void oversizedBodyIsA413() {
    String big = "{\"source\":\"big\",\"payload\":\"" + "x".repeat(5000) + "\"}";
    assertProblem(http.postJson("/api/inputs", big), 413, "payload-too-large");
  }

  @Test
  void nonJsonContentTypeIsA415() {
    assertProblem(
        http.post("/api/inputs", "text/plain", "source=a"), 415, "unsupported-media-type");
    assertProblem(
        http.post("/api/inputs", "application/x-www-form-urlencoded", "source=a"),
        415,
        "unsupported-media-type");
  }

  @Test
  void unexpectedFailureIsA500WithAnErrorIdThatIsLoggedWithTheStackTrace() {
    try (CapturedLogs logs = new CapturedLogs(ProblemResponder.class.getName())) {
      HttpResponse<String> response = http.get("/api/test-faults/boom");

      JsonNode problem = assertProblem(response, 500, "internal-error");
      String errorId = problem.path("errorId").asText();
      assertThat(errorId).isNotBlank();
      assertThat(response.body())
          .doesNotContain(FaultRoutes.SECRET_MESSAGE)
          .doesNotContain("IllegalStateException")
          .doesNotContain("at dev.");
      ILoggingEvent logged =
          logs.events().stream()
              .filter(event -> event.getFormattedMessage().contains(errorId))
              .findFirst()
              .orElseThrow();
      assertThat(logged.getThrowableProxy().getMessage()).isEqualTo(FaultRoutes.SECRET_MESSAGE);
      assertThat(logged.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
    }
  }
}
