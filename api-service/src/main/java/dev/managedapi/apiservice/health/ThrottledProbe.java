package dev.managedapi.apiservice.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs an expensive check (a database round trip, a file written and deleted) at most once per
 * interval and reuses its answer in between, so a burst of probes or dashboards cannot turn the
 * health endpoint into load on the very dependency it reports on.
 */
final class ThrottledProbe<T> {
  private final Clock clock;
  private final Duration interval;
  private T lastResult;
  private Instant lastRun = Instant.MIN;

  ThrottledProbe(Clock clock, Duration interval) {
    this.clock = clock;
    this.interval = interval;
  }

  /** The last answer if it is still fresh; empty when the check must run again. */
  synchronized Optional<T> fresh() {
    boolean isFresh = lastResult != null && clock.instant().isBefore(lastRun.plus(interval));
    return isFresh ? Optional.of(lastResult) : Optional.empty();
  }

  synchronized T get(Supplier<T> check) {
    Instant now = clock.instant();
    if (lastResult == null || !now.isBefore(lastRun.plus(interval))) {
      lastResult = check.get();
      lastRun = now;
    }
    return lastResult;
  }
}
