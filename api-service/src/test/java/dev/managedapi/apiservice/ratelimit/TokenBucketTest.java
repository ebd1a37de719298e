package dev.managedapi.apiservice.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void allowsABurstThenRefuses() {
    TokenBucket bucket = new TokenBucket(3, 1, 0);

    assertThat(bucket.tryTake(0).remaining()).isEqualTo(2);
    assertThat(bucket.tryTake(0).remaining()).isEqualTo(1);
    assertThat(bucket.tryTake(0).remaining()).isEqualTo(0);
    RateLimitDecision refused = bucket.tryTake(0);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(refused.resetAfter()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void refillsAtTheConfiguredRateButNeverBeyondTheBurst() {
    TokenBucket bucket = new TokenBucket(2, 4, 0);
    bucket.tryTake(0);
    bucket.tryTake(0);

    assertThat(bucket.tryTake(SECOND / 4).allowed()).isTrue();
    assertThat(bucket.tryTake(SECOND / 4).allowed()).isFalse();
    assertThat(bucket.isFull(10 * SECOND)).isTrue();
    assertThat(bucket.tryTake(10 * SECOND).remaining()).isEqualTo(1);
  }
}
