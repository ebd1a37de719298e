package dev.managedapi.apiservice.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.apiservice.testing.FaultRoutes;
import dev.managedapi.apiservice.testing.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** DEBUG on: a 500 may show the exception and its stack trace, for local debugging only. */
@MicronautTest
@Property(name = "test.fault-routes", value = "true")
@Property(name = "api.errors.expose-details", value = "true")
class DebugErrorDetailsTest {
  @Inject EmbeddedServer server;

  @Test
  void debugModeShowsTheExceptionAndStackTrace() {
    HttpResponse<String> response = new Http(server.getURI()).get("/api/test-faults/boom");

    assertThat(response.statusCode()).isEqualTo(500);
    JsonNode problem = Http.json(response);
    assertThat(problem.path("exception").asText())
        .isEqualTo("java.lang.IllegalStateException: " + FaultRoutes.SECRET_MESSAGE);
    assertThat(problem.path("stackTrace").get(0).asText()).contains("FaultRoutes.boom");
    assertThat(problem.path("errorId").asText()).isNotBlank();
  }
}
