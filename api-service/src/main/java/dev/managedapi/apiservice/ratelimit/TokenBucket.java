package dev.managedapi.apiservice.ratelimit;

import java.time.Duration;

/**
 * A token bucket: holds up to {@code capacity} tokens, refilled continuously at {@code
 * tokensPerSecond}; each request takes one. Time is passed in, so tests need no clock tricks.
 */
final class TokenBucket {
  private final int capacity;
  private final double tokensPerNano;
  private double tokens;
  private long lastRefillNanos;

  TokenBucket(int capacity, double tokensPerSecond, long nowNanos) {
    this.capacity = capacity;
    this.tokensPerNano = tokensPerSecond / 1_000_000_000d;
    this.tokens = capacity;
    this.lastRefillNanos = nowNanos;
  }

  synchronized RateLimitDecision tryTake(long nowNanos) {
    refill(nowNanos);
    boolean allowed = tokens >= 1;
    if (allowed) {
      tokens -= 1;
    }
    Duration untilNextToken = allowed ? Duration.ZERO : nanos((1 - tokens) / tokensPerNano);
    Duration untilFull = nanos((capacity - tokens) / tokensPerNano);
    return new RateLimitDecision(
        allowed, capacity, (int) Math.floor(tokens), untilNextToken, untilFull);
  }

  /** True when the bucket has refilled completely, so forgetting it changes nothing. */
  synchronized boolean isFull(long nowNanos) {
    refill(nowNanos);
    return tokens >= capacity;
  }

  private void refill(long nowNanos) {
    long elapsed = Math.max(0, nowNanos - lastRefillNanos);
    tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
    lastRefillNanos = nowNanos;
  }

  private static Duration nanos(double nanos) {
    return Duration.ofNanos((long) Math.ceil(nanos));
  }
}
