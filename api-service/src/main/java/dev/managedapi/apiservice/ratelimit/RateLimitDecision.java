package dev.managedapi.apiservice.ratelimit;

import java.time.Duration;

/** The outcome of asking a bucket for a token, with what the RateLimit headers report. */
record RateLimitDecision(
    boolean allowed, int limit, int remaining, Duration retryAfter, Duration resetAfter) {

  /** Whole seconds, rounded up: the unit of Retry-After and RateLimit-Reset. */
  static long seconds(Duration duration) {
    return (duration.toMillis() + 999) / 1000;
  }
}
