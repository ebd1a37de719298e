package dev.managedapi.apiservice.health;

import static dev.managedapi.apiservice.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.apiservice.testing.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The three probe endpoints of a healthy service. */
@MicronautTest
@Property(name = "api.exports.directory", value = "target/health-test-exports")
class HealthEndpointTest {
  @Inject EmbeddedServer server;
  private Http http;

  @BeforeEach
  void client() {
    http = new Http(server.getURI());
  }

  @Test
  void overallHealthIsUpWithEveryDetailTheGuidesShowed() {
    HttpResponse<String> response = http.get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode health = json(response);
    assertThat(health.path("status").asText()).isEqualTo("UP");
    JsonNode details = health.path("details");
    assertThat(details.path("database").path("status").asText()).isEqualTo("UP");
    assertThat(details.path("database").path("details").path("circuitBreaker").asText())
        .isEqualTo("CLOSED");
    assertThat(details.path("exports").path("details").path("writable").asBoolean()).isTrue();
    assertThat(details.path("exports").path("details").path("path").asText())
        .endsWith("health-test-exports");
    assertThat(details.path("diskSpace").path("details").path("free").asLong()).isPositive();
    JsonNode service = details.path("serviceInfo").path("details");
    assertThat(service.path("version").asText()).isEqualTo("0.1.0-SNAPSHOT");
    assertThat(service.path("uptimeSeconds").asLong()).isNotNegative();
    assertThat(Instant.parse(service.path("timestamp").asText()))
        .isAfterOrEqualTo(Instant.parse(service.path("startedAt").asText()));
  }

  @Test
  void livenessChecksOnlyTheProcess() {
    HttpResponse<String> response = http.get("/health/liveness");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode details = json(response).path("details");
    assertThat(details.has("deadlockedThreads")).isTrue();
    assertThat(details.has("database")).as("a dead database must never restart pods").isFalse();
    assertThat(details.has("exports")).isFalse();
  }

  @Test
  void readinessIsUpAndAcceptingTraffic() {
    HttpResponse<String> response = http.get("/health/readiness");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode details = json(response).path("details");
    assertThat(details.path("draining").path("status").asText()).isEqualTo("UP");
    assertThat(details.path("database").path("status").asText()).isEqualTo("UP");
    assertThat(details.has("deadlockedThreads")).as("liveness only").isFalse();
  }

  @Test
  void probesShowEachComponentsStatusAndLeaveTheDetailsToHealth() {
    JsonNode readiness = json(http.get("/health/readiness")).path("details");

    assertThat(readiness.path("serviceInfo").path("status").asText()).isEqualTo("UP");
    assertThat(readiness.path("serviceInfo").has("details")).isFalse();
    assertThat(readiness.path("database").has("details")).isFalse();
  }
}
