package dev.managedapi.apiservice.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.apiservice.testing.Http;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** /prometheus carries what an operator dashboards: traffic, latency, errors, memory, pool. */
@MicronautTest
class PrometheusTest {
  @Inject EmbeddedServer server;

  @Test
  void exposesRequestLatencyByRouteAndStatusAndTheServiceVitals() {
    Http http = new Http(server.getURI());
    String id =
        Http.json(http.postJson("/api/inputs", "{\"source\":\"m\",\"payload\":1}"))
            .path("id")
            .asText();
    http.get("/api/inputs/" + id);
    http.get("/api/inputs/" + UUID.randomUUID());

    HttpResponse<String> scrape = http.get("/prometheus");

    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body())
        .containsPattern(
            "http_server_requests_seconds_bucket\\{[^}]*method=\"GET\"[^}]*status=\"200\""
                + "[^}]*uri=\"/api/inputs/\\{id}\"")
        .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"404\"")
        .containsPattern("api_errors_total\\{status=\"404\",type=\"not_found\"} [1-9]")
        .contains("jvm_memory_used_bytes")
        .contains("process_uptime_seconds")
        .contains("hikaricp_connections")
        .contains("api_rate_limit_rejections_total")
        .contains("api_requests_in_flight");
  }
}
