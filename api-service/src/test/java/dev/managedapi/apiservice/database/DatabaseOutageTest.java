package dev.managedapi.apiservice.database;

import static dev.managedapi.apiservice.testing.Http.json;
import static dev.managedapi.apiservice.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.apiservice.testing.Http;
import dev.managedapi.apiservice.testing.PostgresServer;
import dev.managedapi.apiservice.testing.ServiceOnOwnPostgres;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real PostgreSQL is stopped and started again under the running service: it must degrade (fast
 * 503s, health DEGRADED at 200, readiness UP, the rest still served), lose no acknowledged write,
 * and recover on its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageTest {
  private static final Duration FAST = Duration.ofSeconds(2);

  private ServiceOnOwnPostgres service;
  private PostgresServer postgres;
  private Http http;

  @BeforeAll
  void start() {
    service =
        ServiceOnOwnPostgres.start(
            Map.of(
                "api.database.breaker-failure-threshold", "2",
                "api.database.breaker-open-duration", "1s",
                "datasources.default.connection-timeout", "500"));
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
  void degradesDuringAnOutageLosesNoAcknowledgedWriteAndRecoversByItself() {
    String before = create("before-outage");
    ContinuousWriter writer = new ContinuousWriter(http);
    Thread writing = Thread.ofPlatform().name("writer").start(writer);
    await().until(() -> writer.acknowledged.size() >= 10);

    postgres.stop();
    await().atMost(Duration.ofSeconds(10)).until(() -> writer.refused.get() >= 3);

    assertDegradedButServing(before);

    postgres.startAgain();
    int refusedBeforeRecovery = writer.refused.get();
    int ackedBeforeRecovery = writer.acknowledged.size();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> writer.acknowledged.size() >= ackedBeforeRecovery + 10);
    writer.stop.set(true);
    joinQuietly(writing);

    assertThat(refusedBeforeRecovery).isPositive();
    assertThat(writer.unexpected).as("only 201 or 503 are acceptable").isEmpty();
    for (String id : writer.acknowledged) {
      assertThat(http.get("/api/inputs/" + id).statusCode())
          .as("acknowledged write %s must survive the outage", id)
          .isEqualTo(200);
    }
    assertThat(http.get("/api/inputs/" + before).statusCode()).isEqualTo(200);
    JsonNode health = json(http.get("/health"));
    assertThat(health.path("status").asText()).isEqualTo("UP");
    assertThat(
            health.path("details").path("database").path("details").path("circuitBreaker").asText())
        .isEqualTo("CLOSED");
  }

  private void assertDegradedButServing(String existingId) {
    for (int i = 0; i < 5; i++) {
      long started = System.nanoTime();
      HttpResponse<String> read = http.get("/api/inputs/" + existingId);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertProblem(read, 503, "database-unavailable");
      assertThat(read.headers().firstValue("Retry-After")).isPresent();
      assertThat(took).as("a circuit breaker, not a hang").isLessThan(FAST);
    }
    assertProblem(
        http.postJson("/api/inputs", "{\"source\":\"during\",\"payload\":1}"),
        503,
        "database-unavailable");
    assertProblem(http.get("/api/inputs"), 503, "database-unavailable");

    HttpResponse<String> health = http.get("/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).path("status").asText()).isEqualTo("DEGRADED");
    assertThat(json(health).path("details").path("database").path("status").asText())
        .isEqualTo("DEGRADED");
    assertThat(http.get("/health/readiness").statusCode()).isEqualTo(200);
    assertThat(http.get("/health/liveness").statusCode()).isEqualTo(200);
    assertThat(http.get("/api/exports").statusCode()).isEqualTo(200);
    assertThat(http.get("/prometheus").statusCode()).isEqualTo(200);
  }

  private String create(String source) {
    HttpResponse<String> created =
        http.postJson("/api/inputs", "{\"source\":\"" + source + "\",\"payload\":{}}");
    assertThat(created.statusCode()).isEqualTo(201);
    return json(created).path("id").asText();
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Posts inputs one after another, remembering which were acknowledged and which refused. */
  private static final class ContinuousWriter implements Runnable {
    private static final int MAX_REQUESTS = 20_000;

    final List<String> acknowledged = new CopyOnWriteArrayList<>();
    final AtomicInteger refused = new AtomicInteger();
    final List<String> unexpected = new CopyOnWriteArrayList<>();
    final AtomicBoolean stop = new AtomicBoolean();
    private final Http http;

    ContinuousWriter(Http http) {
      this.http = http;
    }

    @Override
    public void run() {
      for (int i = 0; i < MAX_REQUESTS && !stop.get(); i++) {
        HttpResponse<String> response =
            http.postJson("/api/inputs", "{\"source\":\"writer\",\"payload\":{\"n\":" + i + "}}");
        switch (response.statusCode()) {
          case 201 -> acknowledged.add(json(response).path("id").asText());
          case 503 -> refused.incrementAndGet();
          default -> unexpected.add(response.statusCode() + " " + response.body());
        }
      }
    }
  }
}
