package dev.managedapi.apiservice.health;

import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A health indicator over a check that blocks (a database round trip, a file written). While the
 * last answer is fresh it is returned at once on the calling thread; only a stale answer sends the
 * check to the blocking executor. Probes and scrapes therefore cost almost nothing, and the
 * dependency sees at most one check per interval.
 */
abstract class ProbedHealthIndicator implements HealthIndicator {
  private final String name;
  private final ThrottledProbe<ProbeResult> probe;
  private final Scheduler blocking;

  ProbedHealthIndicator(String name, Clock clock, Duration interval, ExecutorService blocking) {
    this.name = name;
    this.probe = new ThrottledProbe<>(clock, interval);
    this.blocking = Schedulers.fromExecutorService(blocking);
  }

  @Override
  public final Publisher<HealthResult> getResult() {
    Mono<ProbeResult> result =
        probe
            .fresh()
            .map(Mono::just)
            .orElseGet(() -> Mono.fromCallable(() -> probe.get(this::check)).subscribeOn(blocking));
    return result.map(
        found -> HealthResult.builder(name, found.status()).details(found.details()).build());
  }

  /** Runs the check; may block. Reports failures in the result rather than throwing. */
  protected abstract ProbeResult check();
}
