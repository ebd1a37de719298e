package dev.managedapi.apiservice.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

  synchronized T get(Supplier<T> check) {
    Instant now = clock.instant();
    if (lastResult == null || !now.isBefore(lastRun.plus(interval))) {
      lastResult = check.get();
      lastRun = now;
    }
    return lastResult;
  }
}
