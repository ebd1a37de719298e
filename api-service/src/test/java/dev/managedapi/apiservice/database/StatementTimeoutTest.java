package dev.managedapi.apiservice.database;

import static dev.managedapi.apiservice.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.apiservice.testing.Http;
import dev.managedapi.apiservice.testing.SharedPostgres;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A statement stuck behind a lock is cancelled by statement_timeout and answered with 503. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatementTimeoutTest implements TestPropertyProvider {
  @Inject EmbeddedServer server;
  private String database;

  @Override
  public Map<String, String> getProperties() {
    database = SharedPostgres.get().createDatabase();
    Map<String, String> properties =
        new HashMap<>(SharedPostgres.get().datasourceProperties(database));
    properties.put("api.database.statement-timeout", "500ms");
    properties.put("api.rate-limit.enabled", "false");
    return properties;
  }

  @Test
  void lockedTableTimesOutWithA503InsteadOfHanging() throws Exception {
    Http http = new Http(server.getURI());
    try (Connection blocker = SharedPostgres.get().connect(database);
        Statement statement = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      statement.execute("LOCK TABLE inputs IN ACCESS EXCLUSIVE MODE");

      long started = System.nanoTime();
      HttpResponse<String> response =
          http.postJson("/api/inputs", "{\"source\":\"blocked\",\"payload\":1}");
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertProblem(response, 503, "database-unavailable");
      assertThat(took).isLessThan(Duration.ofSeconds(3));
      blocker.rollback();
    }
    assertThat(http.postJson("/api/inputs", "{\"source\":\"after\",\"payload\":1}").statusCode())
        .isEqualTo(201);
  }
}
