package dev.managedapi.operator.restarts;

import static dev.managedapi.operator.testing.Observations.crashed;
import static dev.managedapi.operator.testing.Observations.restartedAndRunning;
import static dev.managedapi.operator.testing.Observations.running;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrashLoopDetectorTest {

  static final Duration WINDOW = Duration.ofHours(1);
  static final Duration STABLE = Duration.ofMinutes(5);
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void aContainerInCrashLoopBackOffIsACrashLoopAtOnce() {
    var crashed = crashed("a", T0, 1, 3, "Error", T0.plusSeconds(5));
    RestartLedger ledger = ledgerAfter(T0.plusSeconds(6), running("a", T0), crashed);

    var verdict =
        CrashLoopDetector.evaluate(List.of(crashed), ledger, false, T0.plusSeconds(6), STABLE);

    assertThat(verdict.crashLooping()).isTrue();
    assertThat(verdict.cause()).isEqualTo(CrashLoopDetector.Cause.BACK_OFF);
  }

  @Test
  void twoRestartsWithinThePeriodAreACrashLoopEvenWithoutBackOff() {
    // Liveness kills restart the container at once: it is running whenever we look.
    RestartLedger ledger =
        ledgerAfter(
            T0.plusSeconds(100),
            running("a", T0),
            restartedAndRunning("a", T0, 1, T0.plusSeconds(30)),
            restartedAndRunning("a", T0, 2, T0.plusSeconds(90)));

    var verdict =
        CrashLoopDetector.evaluate(
            List.of(restartedAndRunning("a", T0, 2, T0.plusSeconds(90))),
            ledger,
            false,
            T0.plusSeconds(100),
            STABLE);

    assertThat(verdict.crashLooping()).isTrue();
    assertThat(verdict.cause()).isEqualTo(CrashLoopDetector.Cause.REPEATED_RESTARTS);
    assertThat(verdict.reevaluateAt()).contains(T0.plusSeconds(90).plus(STABLE));
  }

  @Test
  void itEndsOnlyAfterAWholeStablePeriodWithoutRestarts() {
    var runningAgain = restartedAndRunning("a", T0, 1, T0.plusSeconds(10));
    RestartLedger ledger = ledgerAfter(T0.plusSeconds(20), running("a", T0), runningAgain);

    var stillLooping =
        CrashLoopDetector.evaluate(
            List.of(runningAgain),
            ledger,
            true,
            T0.plusSeconds(10).plus(STABLE).minusSeconds(1),
            STABLE);
    var calm =
        CrashLoopDetector.evaluate(
            List.of(runningAgain), ledger, true, T0.plusSeconds(10).plus(STABLE), STABLE);

    assertThat(stillLooping.crashLooping()).isTrue();
    assertThat(calm.crashLooping()).isFalse();
  }

  @Test
  void aBackOffLongerThanThePeriodDoesNotEndTheCrashLoop() {
    // A real kubelet: exit at T0+10, 20 s back-off, running again from T0+30; a 10 s period.
    Duration period = Duration.ofSeconds(10);
    var backOffOver = restartedAndRunning("a", T0, 2, T0.plusSeconds(10), T0.plusSeconds(30));
    RestartLedger ledger = ledgerAfter(T0.plusSeconds(31), running("a", T0), backOffOver);

    var starting =
        CrashLoopDetector.evaluate(List.of(backOffOver), ledger, true, T0.plusSeconds(35), period);
    var provenStable =
        CrashLoopDetector.evaluate(List.of(backOffOver), ledger, true, T0.plusSeconds(40), period);

    assertThat(starting.crashLooping()).isTrue();
    assertThat(starting.reevaluateAt()).contains(T0.plusSeconds(40));
    assertThat(provenStable.crashLooping()).isFalse();
  }

  @Test
  void oneRestartAfterCalmDoesNotStartACrashLoop() {
    var runningAgain = restartedAndRunning("a", T0, 1, T0.plusSeconds(10));
    RestartLedger ledger = ledgerAfter(T0.plusSeconds(20), running("a", T0), runningAgain);

    var verdict =
        CrashLoopDetector.evaluate(
            List.of(runningAgain), ledger, false, T0.plusSeconds(20), STABLE);

    assertThat(verdict.crashLooping()).isFalse();
  }

  private static RestartLedger ledgerAfter(Instant now, ContainerObservation... history) {
    RestartLedger ledger = RestartLedger.empty();
    for (ContainerObservation o : history) {
      ledger = ledger.record(List.of(o), now, WINDOW, 11).ledger();
    }
    return ledger;
  }
}
