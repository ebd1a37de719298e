package dev.managedapi.apiservice.deadline;

import static dev.managedapi.apiservice.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.apiservice.testing.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A stuck handler does not hold the client: the deadline answers 503 in its place. */
@MicronautTest
@Property(name = "test.fault-routes", value = "true")
@Property(name = "api.deadline.timeout", value = "300ms")
@Property(name = "api.rate-limit.enabled", value = "false")
class RequestDeadlineTest {
  @Inject EmbeddedServer server;

  @Test
  void slowRequestGetsA503WhenItsDeadlinePasses() {
    Http http = new Http(server.getURI());
    long started = System.nanoTime();

    HttpResponse<String> response = http.get("/api/test-faults/slow");

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertProblem(response, 503, "deadline-exceeded");
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    assertThat(took)
        .isGreaterThanOrEqualTo(Duration.ofMillis(300))
        .isLessThan(Duration.ofSeconds(3));
    assertThat(http.get("/api/exports").statusCode()).isEqualTo(200);
  }
}
