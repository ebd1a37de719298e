package dev.managedapi.apiservice.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import io.micronaut.management.health.indicator.HealthCheckType;
import io.micronaut.management.health.indicator.HealthResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;

/**
 * The answer of one probe (readiness or liveness), worked out at most once per probe interval.
 *
 * <p>The answer is Micronaut's own aggregation of the probe's indicators ({@link HealthEndpoint}),
 * so the components, the worst-status rule and the status-to-HTTP mapping are exactly those of
 * /health. It is rendered once, with each component's status but none of their details (those are
 * on /health), and served as is while it is fresh. A probe therefore costs a field read, not an
 * aggregation of seven indicators, reactive plumbing and a JSON report per request.
 *
 * <p>Never reused: an answer that was not a 200 (see {@link ProbeAnswer#reusableAt}), and any
 * answer while {@code alwaysFresh} holds, which for readiness is "draining": SIGTERM turns
 * readiness DOWN on the very next probe.
 */
final class ProbeAnswers {
  private final HealthEndpoint endpoint;
  private final HealthCheckType type;
  private final BooleanSupplier alwaysFresh;
  private final JsonMapper jsonMapper;
  private final Clock clock;
  private final Duration interval;
  private volatile ProbeAnswer last;
  private final AtomicReference<CompletableFuture<ProbeAnswer>> refreshing =
      new AtomicReference<>();

  ProbeAnswers(
      HealthEndpoint endpoint,
      HealthCheckType type,
      BooleanSupplier alwaysFresh,
      JsonMapper jsonMapper,
      Clock clock,
      Duration interval) {
    this.endpoint = endpoint;
    this.type = type;
    this.alwaysFresh = alwaysFresh;
    this.jsonMapper = jsonMapper;
    this.clock = clock;
    this.interval = interval;
  }

  CompletionStage<ProbeAnswer> answer() {
    if (alwaysFresh.getAsBoolean()) {
      return aggregate();
    }
    ProbeAnswer reusable = last;
    if (reusable != null && reusable.reusableAt(clock.millis())) {
      return reusable.completed();
    }
    return refresh();
  }

  /** One aggregation for every request that finds the answer stale at the same moment. */
  private CompletionStage<ProbeAnswer> refresh() {
    CompletableFuture<ProbeAnswer> mine = new CompletableFuture<>();
    CompletableFuture<ProbeAnswer> running = refreshing.compareAndExchange(null, mine);
    if (running != null) {
      return running;
    }
    aggregate()
        .whenComplete(
            (answer, error) -> {
              if (answer != null) {
                last = answer;
              }
              refreshing.set(null);
              if (error != null) {
                mine.completeExceptionally(error);
              } else {
                mine.complete(answer);
              }
            });
    return mine;
  }

  private CompletableFuture<ProbeAnswer> aggregate() {
    return Mono.from(endpoint.getHealth(null, type)).map(this::render).toFuture();
  }

  private ProbeAnswer render(HealthResult result) {
    Map<String, Object> components = new TreeMap<>();
    if (result.getDetails() instanceof Map<?, ?> details) {
      details.forEach(
          (component, found) -> {
            if (found instanceof HealthResult health) {
              components.put(String.valueOf(component), statusOnly(health));
            }
          });
    }
    Map<String, Object> body = statusOnly(result);
    body.put("details", components);
    return new ProbeAnswer(
        httpStatus(result.getStatus()), json(body), clock.millis() + interval.toMillis());
  }

  private static Map<String, Object> statusOnly(HealthResult result) {
    Map<String, Object> shown = new LinkedHashMap<>();
    if (result.getName() != null) {
      shown.put("name", result.getName());
    }
    shown.put("status", result.getStatus().getName());
    return shown;
  }

  /** As /health maps it (endpoints.health.status.http-mapping: DOWN 503, DEGRADED 200, ...). */
  private HttpStatus httpStatus(HealthStatus status) {
    return endpoint
        .getStatusConfiguration()
        .getHttpMapping()
        .getOrDefault(status.getName(), HttpStatus.OK);
  }

  private byte[] json(Map<String, Object> body) {
    try {
      return jsonMapper.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException("Probe answer could not be rendered", e);
    }
  }
}
