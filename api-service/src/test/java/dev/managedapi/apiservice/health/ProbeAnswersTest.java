package dev.managedapi.apiservice.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.managedapi.apiservice.testing.MutableClock;
import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.management.endpoint.health.DetailsVisibility;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.aggregator.DefaultHealthAggregator;
import io.micronaut.management.health.indicator.HealthCheckType;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.runtime.ApplicationConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Probe answers are reused only while fresh, only when they were a 200, and never while draining.
 */
class ProbeAnswersTest {
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  private final MutableClock clock = new MutableClock();
  private final Indicator database = new Indicator("database", HealthStatus.UP);
  private final AtomicBoolean draining = new AtomicBoolean();
  private final ProbeAnswers readiness =
      new ProbeAnswers(
          endpoint(database),
          HealthCheckType.READINESS,
          draining::get,
          JsonMapper.createDefault(),
          clock,
          INTERVAL);

  @Test
  void aHealthyAnswerIsReusedUntilTheIntervalHasPassed() {
    assertThat(answer().status().getCode()).isEqualTo(200);
    clock.advance(INTERVAL.minusMillis(1));
    assertThat(answer().status().getCode()).isEqualTo(200);
    assertThat(database.checks).hasValue(1);

    clock.advance(Duration.ofMillis(1));
    answer();

    assertThat(database.checks).hasValue(2);
  }

  @Test
  void degradedIsA200LikeOnHealth() {
    database.status = HealthStatuses.DEGRADED;

    ProbeAnswer answer = answer();

    assertThat(answer.status().getCode()).isEqualTo(200);
    assertThat(json(answer).path("status").asText()).isEqualTo("DEGRADED");
  }

  @Test
  void aFailedAnswerIsNeverReusedSoARecoveryShowsAtOnce() {
    database.status = HealthStatus.DOWN;
    assertThat(answer().status().getCode()).isEqualTo(503);

    database.status = HealthStatus.UP;

    assertThat(answer().status().getCode()).isEqualTo(200);
    assertThat(database.checks).hasValue(2);
  }

  @Test
  void drainingIsAskedOnEveryProbeEvenWithAFreshAnswer() {
    answer();
    draining.set(true);
    database.status = HealthStatus.DOWN; // stands in for the draining indicator

    assertThat(answer().status().getCode()).isEqualTo(503);
    assertThat(database.checks).hasValue(2);
  }

  @Test
  void theAnswerHasEachComponentsStatusButNotItsDetails() {
    JsonNode body = json(answer());

    assertThat(body.path("status").asText()).isEqualTo("UP");
    assertThat(body.path("details").path("database").path("status").asText()).isEqualTo("UP");
    assertThat(body.path("details").path("database").has("details")).isFalse();
  }

  private ProbeAnswer answer() {
    return readiness.answer().toCompletableFuture().join();
  }

  private static JsonNode json(ProbeAnswer answer) {
    try {
      return new ObjectMapper().readTree(answer.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static HealthEndpoint endpoint(HealthIndicator... indicators) {
    HealthEndpoint endpoint =
        new HealthEndpoint(
            new DefaultHealthAggregator(new ApplicationConfiguration()),
            indicators,
            new HealthIndicator[0]);
    endpoint.setDetailsVisible(DetailsVisibility.ANONYMOUS);
    HealthEndpoint.StatusConfiguration statuses = new HealthEndpoint.StatusConfiguration();
    statuses.setHttpMapping(Map.of(HealthStatuses.DEGRADED_NAME, HttpStatus.OK));
    endpoint.setStatusConfiguration(statuses);
    return endpoint;
  }

  /** An indicator whose status the test sets, counting how often it is asked. */
  private static final class Indicator implements HealthIndicator {
    private final String name;
    private final AtomicInteger checks = new AtomicInteger();
    private volatile HealthStatus status;

    Indicator(String name, HealthStatus status) {
      this.name = name;
      this.status = status;
    }

    @Override
    public Publisher<HealthResult> getResult() {
      checks.incrementAndGet();
      return Mono.just(
          HealthResult.builder(name, status).details(Map.of("shown", "on /health")).build());
    }
  }
}
