package dev.managedapi.apiservice.ratelimit;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** One token bucket per client key. */
@Singleton
class RateLimiter {
  /** Above this many tracked clients, buckets that have refilled are forgotten. */
  private static final int MAX_TRACKED_CLIENTS = 10_000;

  private final RateLimitSettings settings;
  private final Clock clock;

  /** Sweeping is O(clients); under a flood of distinct clients, do it once a second at most. */
  private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

  private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final AtomicLong lastSweepNanos = new AtomicLong(Long.MIN_VALUE / 2);

  RateLimiter(RateLimitSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  RateLimitDecision tryAcquire(String clientKey) {
    long now = nowNanos();
    long lastSweep = lastSweepNanos.get();
    if (buckets.size() > MAX_TRACKED_CLIENTS
        && now - lastSweep >= SWEEP_INTERVAL_NANOS
        && lastSweepNanos.compareAndSet(lastSweep, now)) {
      buckets.values().removeIf(bucket -> bucket.isFull(now));
    }
    TokenBucket bucket =
        buckets.computeIfAbsent(
            clientKey,
            key -> new TokenBucket(settings.getBurst(), settings.getRequestsPerSecond(), now));
    return bucket.tryTake(now);
  }

  int trackedClients() {
    return buckets.size();
  }

  private long nowNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
