package dev.managedapi.apiservice.database;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Closed → open after {@code failureThreshold} consecutive failures; open refuses every call for
 * {@code openDuration}, or until {@link #databaseReachable()} says a connection succeeded,
 * whichever comes first; then one trial call is let through (half-open): success closes, failure
 * re-opens. This is what turns a dead database into fast 503s instead of every request waiting for
 * a connection timeout.
 */
public final class CircuitBreaker {
  /** The breaker's state as /health shows it. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final Clock clock;
  private final int failureThreshold;
  private final Duration openDuration;

  private State state = State.CLOSED;
  private int consecutiveFailures;
  private Instant openUntil = Instant.MIN;
  private boolean trialInFlight;

  public CircuitBreaker(Clock clock, int failureThreshold, Duration openDuration) {
    this.clock = clock;
    this.failureThreshold = failureThreshold;
    this.openDuration = openDuration;
  }

  /**
   * Asks to make a call.
   *
   * @return empty if the call may go ahead, else how long the caller should wait
   */
  public synchronized Optional<Duration> refusal() {
    if (state == State.CLOSED) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (state == State.OPEN && !now.isBefore(openUntil)) {
      state = State.HALF_OPEN;
    }
    if (state == State.HALF_OPEN && !trialInFlight) {
      trialInFlight = true;
      return Optional.empty();
    }
    Duration wait = Duration.between(now, openUntil);
    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
  }

  public synchronized void recordSuccess() {
    state = State.CLOSED;
    consecutiveFailures = 0;
    trialInFlight = false;
  }

  public synchronized void recordFailure() {
    consecutiveFailures++;
    trialInFlight = false;
    if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
      state = State.OPEN;
      openUntil = clock.instant().plus(openDuration);
    }
  }

  /**
   * A connection outside the pool succeeded: end the open period now, so the next call is the
   * trial, instead of refusing for the rest of {@code openDuration} while the database is back.
   */
  public synchronized void databaseReachable() {
    if (state == State.OPEN && clock.instant().isBefore(openUntil)) {
      openUntil = clock.instant();
    }
  }

  /** Open and still refusing: the time to look for the database coming back. */
  public synchronized boolean refusing() {
    return state == State.OPEN && clock.instant().isBefore(openUntil);
  }

  /** A call that was let through ended without telling us anything about the database. */
  public synchronized void recordNeutral() {
    trialInFlight = false;
  }

  public synchronized State state() {
    if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
      return State.HALF_OPEN;
    }
    return state;
  }

  public Duration openDuration() {
    return openDuration;
  }
}
