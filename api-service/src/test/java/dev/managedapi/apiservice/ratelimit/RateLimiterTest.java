package dev.managedapi.apiservice.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.apiservice.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  void forgetsRefilledClientsOnceTooManyAreTracked() {
    MutableClock clock = new MutableClock();
    RateLimitSettings settings = new RateLimitSettings();
    settings.setRequestsPerSecond(10);
    settings.setBurst(5);
    RateLimiter limiter = new RateLimiter(settings, clock);
    for (int client = 0; client <= 10_000; client++) {
      limiter.tryAcquire("client-" + client);
    }
    assertThat(limiter.trackedClients()).isEqualTo(10_001);

    clock.advance(Duration.ofSeconds(2));
    limiter.tryAcquire("newcomer");

    assertThat(limiter.trackedClients()).isEqualTo(1);
  }

  @Test
  void aClientStillThrottledIsNeverForgotten() {
    MutableClock clock = new MutableClock();
    RateLimitSettings settings = new RateLimitSettings();
    settings.setRequestsPerSecond(0.001);
    settings.setBurst(1);
    RateLimiter limiter = new RateLimiter(settings, clock);
    limiter.tryAcquire("greedy");
    for (int client = 0; client <= 10_000; client++) {
      limiter.tryAcquire("client-" + client);
    }

    clock.advance(Duration.ofSeconds(2));
    limiter.tryAcquire("newcomer");

    assertThat(limiter.tryAcquire("greedy").allowed()).isFalse();
  }
}
