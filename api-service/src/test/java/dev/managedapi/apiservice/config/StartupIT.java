package dev.managedapi.apiservice.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.apiservice.testing.Http;
import dev.managedapi.apiservice.testing.ServiceProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an operator sees on the console: one clear line for bad config, JSON lines otherwise. */
class StartupIT {

  @Test
  void badValueStopsStartupWithOneLineNamingTheVariable() {
    try (ServiceProcess service = ServiceProcess.start("API_PORT", "eighty")) {
      assertThat(service.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);

      assertThat(service.stderrLines())
          .containsExactly(
              "api-service: invalid configuration: API_PORT=\"eighty\" is invalid: expected a port"
                  + " number from 0 to 65535");
      assertThat(service.stdoutLines()).isEmpty();
    }
  }

  @Test
  void logsAreJsonLinesWithOneAccessLinePerRequest() {
    try (ServiceProcess service = ServiceProcess.start("LOG_FORMAT", "json")) {
      service.awaitReady(Duration.ofSeconds(60));
      service
          .http()
          .get(
              "/api/exports",
              "traceparent",
              "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
      service.terminate();
      assertThat(service.awaitExit(Duration.ofSeconds(30))).isZero();

      List<JsonNode> lines = service.stdoutLines().stream().map(Http::parse).toList();
      assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line.has("level")).isTrue());
      assertThat(lines)
          .anySatisfy(
              line -> {
                assertThat(line.path("logger_name").asText()).isEqualTo("access");
                assertThat(line.path("method").asText()).isEqualTo("GET");
                assertThat(line.path("route").asText()).isEqualTo("/api/exports");
                assertThat(line.path("status").asInt()).isEqualTo(200);
                assertThat(line.has("durationMs")).isTrue();
                assertThat(line.path("traceId").asText())
                    .isEqualTo("0af7651916cd43dd8448eb211c80319c");
              });
    }
  }

  @Test
  void textFormatIsForPeopleAtATerminal() {
    try (ServiceProcess service = ServiceProcess.start("LOG_FORMAT", "text")) {
      service.awaitReady(Duration.ofSeconds(60));
      service.http().get("/api/exports");
      service.terminate();
      service.awaitExit(Duration.ofSeconds(30));

      assertThat(service.stdoutLines())
          .noneMatch(line -> line.startsWith("{"))
          .anyMatch(line -> line.contains("method=GET route=/api/exports status=200"));
    }
  }
}
