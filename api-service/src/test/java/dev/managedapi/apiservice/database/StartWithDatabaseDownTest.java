package dev.managedapi.apiservice.database;

import static dev.managedapi.apiservice.testing.Http.json;
import static dev.managedapi.apiservice.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.apiservice.testing.Http;
import dev.managedapi.apiservice.testing.PostgresServer;
import dev.managedapi.apiservice.testing.ServiceUnderTest;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The database may come up after the service (a fresh namespace): start degraded, catch up. */
class StartWithDatabaseDownTest {

  @Test
  void startsDegradedAndMigratesWhenTheDatabaseArrives() {
    try (PostgresServer postgres = PostgresServer.start()) {
      String database = postgres.createDatabase();
      postgres.stop();
      Map<String, String> properties = new HashMap<>(postgres.datasourceProperties(database));
      properties.put("api.database.breaker-open-duration", "500ms");
      properties.put("datasources.default.connection-timeout", "500");

      EmbeddedServer server = ServiceUnderTest.start(properties);
      try {
        Http http = new Http(server.getURI());
        assertThat(http.get("/health/readiness").statusCode()).isEqualTo(200);
        assertThat(json(http.get("/health")).path("status").asText()).isEqualTo("DEGRADED");
        assertProblem(
            http.postJson("/api/inputs", "{\"source\":\"early\",\"payload\":1}"),
            503,
            "database-unavailable");

        postgres.startAgain();

        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    http.postJson("/api/inputs", "{\"source\":\"late\",\"payload\":1}").statusCode()
                        == 201);
        assertThat(json(http.get("/health")).path("status").asText()).isEqualTo("UP");
      } finally {
        server.getApplicationContext().close();
      }
    }
  }
}
