package dev.managedapi.apiservice.ratelimit;

import static dev.managedapi.apiservice.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.apiservice.testing.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token buckets per API key: a burst passes, the next request is a 429 telling when to retry. */
@MicronautTest
@Property(name = "api.rate-limit.requests-per-second", value = "0.2")
@Property(name = "api.rate-limit.burst", value = "3")
@Property(name = "api.rate-limit.key", value = "header:X-Api-Key")
class RateLimitTest {
  @Inject EmbeddedServer server;
  private Http http;

  @BeforeEach
  void client() {
    http = new Http(server.getURI());
  }

  @Test
  void burstPassesWithCountdownHeadersThenA429WithRetryAfter() {
    for (int remaining = 2; remaining >= 0; remaining--) {
      HttpResponse<String> allowed = http.get("/api/exports", "X-Api-Key", "client-a");
      assertThat(allowed.statusCode()).isEqualTo(200);
      assertThat(allowed.headers().firstValue("RateLimit-Limit")).contains("3");
      assertThat(allowed.headers().firstValue("RateLimit-Remaining"))
          .contains(String.valueOf(remaining));
      assertThat(allowed.headers().firstValue("RateLimit-Reset")).isPresent();
    }

    HttpResponse<String> refused = http.get("/api/exports", "X-Api-Key", "client-a");

    assertProblem(refused, 429, "rate-limited");
    assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong))
        .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1L, 5L));
    assertThat(refused.headers().firstValue("RateLimit-Remaining")).contains("0");
  }

  @Test
  void eachKeyHasItsOwnBucket() {
    for (int i = 0; i < 4; i++) {
      http.get("/api/exports", "X-Api-Key", "noisy");
    }

    assertThat(http.get("/api/exports", "X-Api-Key", "quiet").statusCode()).isEqualTo(200);
  }

  @Test
  void probesAndMetricsAreNeverLimitedAndRejectionsAreCounted() {
    for (int i = 0; i < 5; i++) {
      http.get("/api/exports", "X-Api-Key", "counted");
    }
    for (int i = 0; i < 10; i++) {
      assertThat(http.get("/health/readiness", "X-Api-Key", "counted").statusCode()).isEqualTo(200);
    }

    String metrics = http.get("/prometheus").body();
    assertThat(metrics).containsPattern("(?m)^api_rate_limit_rejections_total [1-9]");
  }
}
