package dev.managedapi.apiservice.inputs;

import static dev.managedapi.apiservice.testing.Http.json;
import static dev.managedapi.apiservice.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.apiservice.testing.Http;
import dev.managedapi.apiservice.testing.PostgresServer;
import dev.managedapi.apiservice.testing.SharedPostgres;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Writes are safe to retry: the same Idempotency-Key with the same request returns the original
 * result, against a real PostgreSQL; and a request deadline never answers "nothing changed" once
 * the write may commit.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyTest implements TestPropertyProvider {
  private static final String KEY = "Idempotency-Key";

  @Inject EmbeddedServer server;
  private String database;

  @Override
  public Map<String, String> getProperties() {
    Map<String, String> properties = SharedPostgres.freshDatabase();
    database = properties.get("datasources.default.url").replaceAll(".*/", "");
    properties.put("api.deadline.timeout", "500ms");
    return properties;
  }

  @Test
  void aRetryWithTheSameKeyReturnsTheOriginalInputAndWritesNothing() {
    Http http = new Http(server.getURI());
    String key = UUID.randomUUID().toString();
    String body = "{\"source\":\"retry\",\"payload\":{\"n\":1}}";

    HttpResponse<String> first = http.postJson("/api/inputs", body, KEY, key);
    HttpResponse<String> retry = http.postJson("/api/inputs", body, KEY, "\"" + key + "\"");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(json(retry)).isEqualTo(json(first));
    assertThat(retry.headers().firstValue("Location"))
        .isEqualTo(first.headers().firstValue("Location"));
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(json(http.get("/api/inputs?source=retry")).path("items")).hasSize(1);
  }

  @Test
  void concurrentRetriesCreateOneInput() {
    Http http = new Http(server.getURI());
    String key = UUID.randomUUID().toString();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(
            CompletableFuture.supplyAsync(
                () ->
                    new Http(server.getURI())
                        .postJson("/api/inputs", "{\"source\":\"racing\",\"payload\":7}", KEY, key),
                clients));
      }
      List<String> ids =
          answers.stream()
              .map(CompletableFuture::join)
              .peek(answer -> assertThat(answer.statusCode()).isEqualTo(201))
              .map(answer -> json(answer).path("id").asText())
              .distinct()
              .toList();
      assertThat(ids).hasSize(1);
      assertThat(json(http.get("/api/inputs?source=racing")).path("items")).hasSize(1);
    } finally {
      clients.shutdown();
    }
  }

  @Test
  void theSameKeyWithAnotherRequestIsA422() {
    Http http = new Http(server.getURI());
    String key = UUID.randomUUID().toString();
    http.postJson("/api/inputs", "{\"source\":\"reuse\",\"payload\":1}", KEY, key);

    assertProblem(
        http.postJson("/api/inputs", "{\"source\":\"reuse\",\"payload\":2}", KEY, key),
        422,
        "idempotency-key-reused");
    assertThat(json(http.get("/api/inputs?source=reuse")).path("items")).hasSize(1);
  }

  @Test
  void anInvalidKeyIsA400() {
    Http http = new Http(server.getURI());
    for (String key : new String[] {"k".repeat(256), "with space", "\"\""}) {
      assertProblem(
          http.postJson("/api/inputs", "{\"source\":\"bad-key\",\"payload\":1}", KEY, key),
          400,
          "validation-failed");
    }
  }

  @Test
  void aWriteThatMayCommitIsNotAnsweredByTheDeadline() throws Exception {
    PostgresServer postgres = SharedPostgres.get();
    Http http = new Http(server.getURI());
    CompletableFuture<HttpResponse<String>> answer;
    try (Connection locker = postgres.connect(database);
        Statement statement = locker.createStatement()) {
      locker.setAutoCommit(false);
      // The INSERT waits on this lock past the 500 ms deadline: it has been sent, it may commit.
      statement.execute("LOCK TABLE inputs IN EXCLUSIVE MODE");
      answer =
          CompletableFuture.supplyAsync(
              () -> http.postJson("/api/inputs", "{\"source\":\"locked\",\"payload\":1}"));
      await().atMost(Duration.ofSeconds(10)).until(() -> insertIsWaiting(postgres));
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(2))
          .until(() -> !answer.isDone());
      locker.commit();
    }
    HttpResponse<String> created = answer.get();
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(json(http.get("/api/inputs?source=locked")).path("items")).hasSize(1);
  }

  private boolean insertIsWaiting(PostgresServer postgres) throws Exception {
    try (Connection connection = postgres.connect(database);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'INSERT INTO inputs%'")) {
      return rows.next() && rows.getInt(1) > 0;
    }
  }
}
