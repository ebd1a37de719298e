package dev.managedapi.operator.restarts;

import static dev.managedapi.operator.testing.Observations.crashed;
import static dev.managedapi.operator.testing.Observations.restartedAndRunning;
import static dev.managedapi.operator.testing.Observations.running;
import static dev.managedapi.operator.testing.Observations.withContainer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.RestartBudgetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartLedgerTest {

  static final Duration WINDOW = Duration.ofHours(1);
  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  static final int CAP = 11;

  @Test
  void countsEachIncreaseOfRestartCountOnce() {
    RestartLedger ledger = RestartLedger.empty();
    ledger = record(ledger, T0, running("a", T0));
    ledger = record(ledger, T0.plusSeconds(10), crashed("a", T0, 1, 1, "Error", T0.plusSeconds(9)));
    // The same report seen again (a resync, another pod's event) adds nothing.
    ledger = record(ledger, T0.plusSeconds(11), crashed("a", T0, 1, 1, "Error", T0.plusSeconds(9)));
    ledger = record(ledger, T0.plusSeconds(12), restartedAndRunning("a", T0, 1, T0.plusSeconds(9)));
    ledger =
        record(ledger, T0.plusSeconds(40), crashed("a", T0, 2, 1, "Error", T0.plusSeconds(39)));

    assertThat(ledger.countInWindow(T0.plusSeconds(40), WINDOW)).isEqualTo(2);
    assertThat(ledger.restarts()).containsExactly(T0.plusSeconds(9), T0.plusSeconds(39));
  }

  @Test
  void aRestartCountsUntilExactlyOneWindowAfterIt() {
    RestartLedger ledger = record(RestartLedger.empty(), T0, running("a", T0));
    ledger =
        record(ledger, T0.plusSeconds(60), crashed("a", T0, 1, 1, "Error", T0.plusSeconds(60)));
    Instant restart = T0.plusSeconds(60);

    assertThat(ledger.countInWindow(restart.plus(WINDOW).minusSeconds(1), WINDOW)).isEqualTo(1);
    assertThat(ledger.countInWindow(restart.plus(WINDOW), WINDOW)).isZero();
    assertThat(ledger.nextExpiry(restart, WINDOW)).contains(restart.plus(WINDOW));
  }

  @Test
  void expiredRestartsAreDroppedFromTheRecord() {
    RestartLedger ledger = record(RestartLedger.empty(), T0, running("a", T0));
    ledger =
        record(ledger, T0.plusSeconds(10), crashed("a", T0, 1, 1, "Error", T0.plusSeconds(10)));
    Instant later = T0.plus(WINDOW).plusSeconds(30);
    ledger = record(ledger, later, restartedAndRunning("a", T0, 1, T0.plusSeconds(10)));

    assertThat(ledger.restarts()).isEmpty();
  }

  @Test
  void aReplacedPodIsANewContainerAndKeepsTheOldPodsRestartsInTheWindow() {
    RestartLedger ledger = record(RestartLedger.empty(), T0, running("a", T0));
    ledger =
        record(ledger, T0.plusSeconds(10), crashed("a", T0, 3, 1, "Error", T0.plusSeconds(10)));
    // Pod a deleted and replaced by pod b, which starts clean.
    ledger = record(ledger, T0.plusSeconds(20), running("b", T0.plusSeconds(15)));
    ledger =
        record(
            ledger,
            T0.plusSeconds(30),
            crashed("b", T0.plusSeconds(15), 1, 1, "Error", T0.plusSeconds(30)));

    assertThat(ledger.countInWindow(T0.plusSeconds(30), WINDOW)).isEqualTo(4);
    assertThat(ledger.toStatus(T0.plusSeconds(30), WINDOW, "1h", 10).containers())
        .singleElement()
        .satisfies(record -> assertThat(record.pod()).isEqualTo("b"));
  }

  @Test
  void aCounterThatGoesBackwardsCountsWhatItShowsNow() {
    RestartLedger ledger = record(RestartLedger.empty(), T0, crashed("a", T0, 5, 1, "Error", T0));
    ledger =
        record(ledger, T0.plusSeconds(60), crashed("a", T0, 2, 1, "Error", T0.plusSeconds(60)));

    assertThat(ledger.countInWindow(T0.plusSeconds(60), WINDOW)).isEqualTo(5 + 2);
  }

  @Test
  void initContainersAreCountedSeparatelyFromTheAppContainer() {
    var app = crashed("a", T0, 1, 1, "Error", T0.plusSeconds(5));
    var init = withContainer(crashed("a", T0, 2, 1, "Error", T0.plusSeconds(6)), "migrate", true);
    RestartLedger ledger =
        RestartLedger.empty().record(List.of(init, app), T0.plusSeconds(7), WINDOW, CAP).ledger();

    assertThat(ledger.countInWindow(T0.plusSeconds(7), WINDOW)).isEqualTo(3);
    assertThat(ledger.toStatus(T0, WINDOW, "1h", 10).containers()).hasSize(2);
  }

  @Test
  void survivesAnOperatorRestartThroughTheStatus() {
    RestartLedger ledger = record(RestartLedger.empty(), T0, crashed("a", T0, 2, 1, "Error", T0));
    RestartBudgetStatus written = ledger.toStatus(T0, WINDOW, "1h", 10);

    // A new operator process reads the ledger back and sees the same report: nothing new.
    RestartLedger reread = RestartLedger.fromStatus(written);
    RestartLedger.Update update =
        reread.record(List.of(crashed("a", T0, 2, 1, "Error", T0)), T0.plusSeconds(5), WINDOW, CAP);

    assertThat(update.newRestarts()).isEmpty();
    assertThat(update.ledger().countInWindow(T0.plusSeconds(5), WINDOW)).isEqualTo(2);
  }

  @Test
  void aPodSeenForTheFirstTimeCountsAllItsRestartsWhenItWasCreatedInsideTheWindow() {
    RestartLedger ledger =
        record(
            RestartLedger.empty(),
            T0.plusSeconds(600),
            crashed("a", T0, 4, 1, "Error", T0.plusSeconds(590)));

    assertThat(ledger.countInWindow(T0.plusSeconds(600), WINDOW)).isEqualTo(4);
  }

  @Test
  void anOldPodSeenForTheFirstTimeCountsOnlyTheRestartItCanDate() {
    Instant created = T0.minus(Duration.ofDays(2));
    RestartLedger ledger =
        record(
            RestartLedger.empty(), T0, crashed("a", created, 40, 1, "Error", T0.minusSeconds(60)));
    RestartLedger quiet =
        record(
            RestartLedger.empty(),
            T0,
            restartedAndRunning("b", created, 40, T0.minus(Duration.ofHours(3))));

    assertThat(ledger.countInWindow(T0, WINDOW)).isEqualTo(1);
    assertThat(quiet.countInWindow(T0, WINDOW)).isZero();
  }

  @Test
  void theRecordKeepsOnlyTheNewestRestartsUpToTheCapAndStillDecidesExhaustionExactly() {
    RestartLedger ledger = record(RestartLedger.empty(), T0, running("a", T0));
    for (int restart = 1; restart <= 30; restart++) {
      Instant when = T0.plusSeconds(restart * 10L);
      ledger = record(ledger, when, crashed("a", T0, restart, 1, "Error", when));
    }
    Instant now = T0.plusSeconds(300);

    assertThat(ledger.restarts()).hasSize(CAP);
    assertThat(ledger.countInWindow(now, WINDOW)).isEqualTo(CAP).isGreaterThan(CAP - 1);
    assertThat(ledger.restarts().getFirst()).isEqualTo(T0.plusSeconds(200));
  }

  @Test
  void whenTheClockMovesBackwardsARestartIsDatedNowRatherThanInTheFuture() {
    RestartLedger ledger = record(RestartLedger.empty(), T0, running("a", T0));
    Instant future = T0.plusSeconds(3600);
    ledger = record(ledger, T0.plusSeconds(10), crashed("a", T0, 1, 1, "Error", future));

    assertThat(ledger.restarts()).containsExactly(T0.plusSeconds(10));
  }

  @Test
  void aFreshWindowForgetsRestartsButNotCounters() {
    RestartLedger ledger = record(RestartLedger.empty(), T0, crashed("a", T0, 3, 1, "Error", T0));
    RestartLedger fresh = ledger.withoutRestarts();
    RestartLedger after = record(fresh, T0.plusSeconds(5), crashed("a", T0, 3, 1, "Error", T0));

    assertThat(after.countInWindow(T0.plusSeconds(5), WINDOW)).isZero();
  }

  private static RestartLedger record(
      RestartLedger ledger,
      Instant now,
      dev.managedapi.operator.restarts.ContainerObservation... observations) {
    return ledger.record(List.of(observations), now, WINDOW, CAP).ledger();
  }
}
