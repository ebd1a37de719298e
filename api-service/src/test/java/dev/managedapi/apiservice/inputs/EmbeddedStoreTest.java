package dev.managedapi.apiservice.inputs;

import static dev.managedapi.apiservice.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.apiservice.testing.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** With no database configured the service runs on its embedded default, same code path. */
@MicronautTest
@Property(name = "api.rate-limit.enabled", value = "false")
class EmbeddedStoreTest {
  @Inject EmbeddedServer server;

  @Test
  void storesAndPagesWithoutAnyDatabaseConfigured() {
    Http http = new Http(server.getURI());
    String id =
        json(http.postJson("/api/inputs", "{\"source\":\"local\",\"payload\":{\"k\":\"v\"}}"))
            .path("id")
            .asText();

    assertThat(json(http.get("/api/inputs/" + id)).path("payload").path("k").asText())
        .isEqualTo("v");
    JsonNode page = json(http.get("/api/inputs?source=local&limit=10"));
    assertThat(page.path("items")).hasSize(1);
    assertThat(page.path("nextCursor").isNull()).isTrue();
  }

  @Test
  void healthSaysTheStoreIsEmbeddedAndNotDurable() {
    JsonNode database =
        json(new Http(server.getURI()).get("/health")).path("details").path("database");

    assertThat(database.path("status").asText()).isEqualTo("UP");
    assertThat(database.path("details").path("kind").asText()).isEqualTo("embedded-h2-in-memory");
    assertThat(database.path("details").path("durable").asBoolean()).isFalse();
  }
}
