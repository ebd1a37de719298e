package dev.managedapi.apiservice.database;

import static dev.managedapi.apiservice.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.apiservice.testing.Http;
import dev.managedapi.apiservice.testing.PostgresServer;
import dev.managedapi.apiservice.testing.ServiceOnOwnPostgres;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * After an outage, writes succeed again as soon as PostgreSQL accepts connections, not when the
 * breaker's open period runs out or the pool's reconnect backoff ends. The open period here is a
 * minute, so only the recovery probe can bring the first 201 within the wait; the time from
 * PostgreSQL's return to that 201 is printed (docs/api-service.md records it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecoveryAfterOutageTest {
  private static final String INPUT = "{\"source\":\"recovery\",\"payload\":1}";

  private ServiceOnOwnPostgres service;
  private PostgresServer postgres;
  private Http http;

  @BeforeAll
  void start() {
    service = ServiceOnOwnPostgres.start(Map.of("api.database.breaker-open-duration", "60s"));
    postgres = service.postgres();
    http = service.http();
  }

  @AfterAll
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void theFirstWriteAfterAnOutageSucceedsAsSoonAsTheDatabaseIsBack() {
    assertThat(http.postJson("/api/inputs", INPUT).statusCode()).isEqualTo(201);

    postgres.stop();
    // An outage of a few seconds, long enough for the pool's reconnect backoff to grow.
    await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(15))
        .until(() -> http.postJson("/api/inputs", INPUT).statusCode() == 503);
    assertThat(breakerState()).isEqualTo("OPEN");

    postgres.startAgain();
    long back = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> http.postJson("/api/inputs", INPUT).statusCode() == 201);
    long millis = Duration.ofNanos(System.nanoTime() - back).toMillis();
    System.out.printf("First 201 %d ms after PostgreSQL accepted connections again%n", millis);

    assertThat(breakerState()).isEqualTo("CLOSED");
  }

  private String breakerState() {
    return json(http.get("/health"))
        .path("details")
        .path("database")
        .path("details")
        .path("circuitBreaker")
        .asText();
  }
}
