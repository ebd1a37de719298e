package dev.managedapi.apiservice.health;

import static dev.managedapi.apiservice.testing.Http.json;
import static dev.managedapi.apiservice.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.apiservice.testing.Http;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Exports directory unusable: health DEGRADED but 200, readiness UP, exports refused with 503,
 * everything else still served. The directory sits under a regular file, which no user (root
 * included) can create directories in.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnwritableExportsTest implements TestPropertyProvider {
  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> getProperties() {
    try {
      Path file = Files.createTempFile("not-a-directory", ".txt");
      return Map.of(
          "api.exports.directory",
          file.resolve("exports").toString(),
          "api.rate-limit.enabled",
          "false");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void healthIsDegradedButStillA200() {
    HttpResponse<String> response = new Http(server.getURI()).get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode health = json(response);
    assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
    assertThat(health.path("details").path("exports").path("status").asText())
        .isEqualTo("DEGRADED");
    assertThat(health.path("details").path("database").path("status").asText()).isEqualTo("UP");
  }

  @Test
  void readinessStaysInServiceAndSaysDegraded() {
    // docs/api-service.md: readiness answers 200 with the worst status of its components.
    HttpResponse<String> readiness = new Http(server.getURI()).get("/health/readiness");

    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(json(readiness).path("status").asText()).isEqualTo("DEGRADED");
  }

  @Test
  void exportsAreRefusedWhileInputsStillWork() {
    Http http = new Http(server.getURI());

    HttpResponse<String> refused = http.post("/api/exports", null, "");
    assertProblem(refused, 503, "exports-unavailable");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(http.postJson("/api/inputs", "{\"source\":\"s\",\"payload\":1}").statusCode())
        .isEqualTo(201);
    assertThat(json(http.get("/api/exports")).path("items")).isEmpty();
  }
}
