package dev.managedapi.apiservice.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.apiservice.database.CircuitBreaker.State;
import dev.managedapi.apiservice.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private final MutableClock clock = new MutableClock();
  private final CircuitBreaker breaker = new CircuitBreaker(clock, 2, Duration.ofSeconds(3));

  @Test
  void staysClosedBelowTheThreshold() {
    breaker.recordFailure();

    assertThat(breaker.refusal()).isEmpty();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void opensAfterConsecutiveFailuresAndRefusesWithTheRemainingTime() {
    breaker.recordFailure();
    breaker.recordFailure();
    clock.advance(Duration.ofSeconds(1));

    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.refusal()).contains(Duration.ofSeconds(2));
  }

  @Test
  void aSuccessInBetweenResetsTheCount() {
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();

    assertThat(breaker.state()).isEqualTo(State.CLOSED);
  }

  @Test
  void afterTheOpenPeriodLetsExactlyOneTrialThrough() {
    breaker.recordFailure();
    breaker.recordFailure();
    clock.advance(Duration.ofSeconds(3));

    assertThat(breaker.refusal()).as("the trial call").isEmpty();
    assertThat(breaker.refusal()).as("a second caller during the trial").isPresent();
  }

  @Test
  void successfulTrialClosesAndFailedTrialReopens() {
    breaker.recordFailure();
    breaker.recordFailure();
    clock.advance(Duration.ofSeconds(3));
    breaker.refusal();
    breaker.recordFailure();
    assertThat(breaker.state()).isEqualTo(State.OPEN);

    clock.advance(Duration.ofSeconds(3));
    breaker.refusal();
    breaker.recordSuccess();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.refusal()).isEmpty();
  }

  @Test
  void aReachableDatabaseEndsTheOpenPeriodAndTheNextCallIsTheTrial() {
    breaker.recordFailure();
    breaker.recordFailure();
    clock.advance(Duration.ofMillis(200));
    assertThat(breaker.refusing()).isTrue();

    breaker.databaseReachable();

    assertThat(breaker.refusing()).isFalse();
    assertThat(breaker.refusal()).as("the trial").isEmpty();
    assertThat(breaker.refusal()).as("one trial at a time").isPresent();
  }

  @Test
  void aReachableDatabaseDoesNotOpenAClosedBreaker() {
    breaker.databaseReachable();

    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.refusing()).isFalse();
  }
}
