package dev.managedapi.apiservice.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.apiservice.testing.Http;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is generated at build time from the controllers and served. */
@MicronautTest
class OpenApiTest {
  @Inject EmbeddedServer server;

  @Test
  void servesTheApiDescription() {
    HttpResponse<String> response = new Http(server.getURI()).get("/openapi/api-service-0.1.0.yml");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("openapi: 3.")
        .contains("/api/inputs/{id}:")
        .contains("/api/exports:")
        .contains("title: api-service");
  }
}
