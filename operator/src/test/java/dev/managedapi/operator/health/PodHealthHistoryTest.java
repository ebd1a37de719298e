package dev.managedapi.operator.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodHealthHistoryTest {

  static final Instant T0 = Instant.parse("2026-12-02T12:03:01Z");
  static final Duration INTERVAL = Duration.ofSeconds(30);
  static final Duration HOLD = INTERVAL.multipliedBy(3);

  final PodHealthHistory history = new PodHealthHistory("orders-1", "uid-1", HOLD);

  static Optional<HealthReport> degraded(String... components) {
    return Optional.of(
        new HealthReport(
            HealthReport.Format.ACTUATOR,
            "DEGRADED",
            HealthLevel.DEGRADED,
            java.util.Arrays.stream(components)
                .map(c -> new HealthReport.Component(c, "DEGRADED", HealthLevel.DEGRADED))
                .toList()));
  }

  static final Optional<HealthReport> UP =
      Optional.of(new HealthReport(HealthReport.Format.ACTUATOR, "UP", HealthLevel.UP, List.of()));

  @Test
  void oneDegradedAnswerIsNotNewsTheSecondInARowIs() {
    assertThat(history.observe(degraded("database"), T0)).isFalse();
    assertThat(history.verdict().degraded()).isFalse();
    assertThat(history.awaitingConfirmation()).isTrue();

    assertThat(history.observe(degraded("database"), T0.plusSeconds(6))).isTrue();

    PodHealth verdict = history.verdict();
    assertThat(verdict.degraded()).isTrue();
    assertThat(verdict.settled()).isTrue();
    assertThat(verdict.status()).isEqualTo("DEGRADED");
    assertThat(verdict.since()).isEqualTo(T0);
    assertThat(verdict.components())
        .containsExactly(
            new PodHealth.ComponentSince("database", "DEGRADED", HealthLevel.DEGRADED, T0));
    assertThat(history.awaitingConfirmation()).isFalse();
  }

  @Test
  void aPodReadOnceIsNotSettledTheSecondReadSettlesIt() {
    assertThat(history.verdict().settled()).isFalse();

    assertThat(history.observe(UP, T0)).isFalse();
    assertThat(history.verdict().settled()).isFalse();

    assertThat(history.observe(UP, T0.plusSeconds(30))).isTrue();
    assertThat(history.verdict().settled()).isTrue();
    assertThat(history.verdict().degraded()).isFalse();
  }

  @Test
  void aHealthyAnswerBetweenTwoDegradedOnesStartsTheCountAgain() {
    history.observe(degraded("database"), T0);
    history.observe(UP, T0.plusSeconds(30));
    history.observe(degraded("database"), T0.plusSeconds(60));

    assertThat(history.verdict().degraded()).isFalse();

    history.observe(degraded("database"), T0.plusSeconds(66));
    assertThat(history.verdict().since()).isEqualTo(T0.plusSeconds(60));
  }

  @Test
  void recoveryHoldsForThreeIntervalsBeforeItCounts() {
    confirmDegraded();

    assertThat(history.observe(UP, T0.plusSeconds(60))).isFalse();
    assertThat(history.observe(UP, T0.plusSeconds(90))).isFalse();
    assertThat(history.observe(UP, T0.plusSeconds(120))).isFalse();
    assertThat(history.verdict().degraded()).isTrue();

    assertThat(history.observe(UP, T0.plusSeconds(150))).isTrue();
    assertThat(history.verdict().degraded()).isFalse();
    assertThat(history.verdict().components()).isEmpty();
  }

  @Test
  void aDependencyFlappingWithinTheHoldStaysOneDegradation() {
    confirmDegraded();
    for (int i = 0; i < 10; i++) {
      Instant at = T0.plusSeconds(60 + i * 60L);
      assertThat(history.observe(UP, at)).isFalse();
      assertThat(history.observe(degraded("database"), at.plusSeconds(30))).isFalse();
    }

    assertThat(history.verdict().degraded()).isTrue();
    assertThat(history.verdict().since()).isEqualTo(T0);
    assertThat(history.verdict().components().getFirst().since()).isEqualTo(T0);
  }

  @Test
  void anAnswerThatIsNoReportCountsAsNotDegraded() {
    history.observe(degraded("database"), T0);
    history.observe(Optional.empty(), T0.plusSeconds(6));
    history.observe(degraded("database"), T0.plusSeconds(36));

    assertThat(history.verdict().degraded()).isFalse();
  }

  @Test
  void aSecondComponentKeepsItsOwnSinceAndARecoveredOneLeavesTheVerdict() {
    confirmDegraded();

    assertThat(history.observe(degraded("database", "exports"), T0.plusSeconds(60))).isTrue();
    assertThat(history.verdict().components())
        .extracting(PodHealth.ComponentSince::name, PodHealth.ComponentSince::since)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("database", T0),
            org.assertj.core.groups.Tuple.tuple("exports", T0.plusSeconds(60)));

    assertThat(history.observe(degraded("exports"), T0.plusSeconds(90))).isTrue();
    assertThat(history.verdict().components())
        .extracting(PodHealth.ComponentSince::name)
        .containsExactly("exports");
    assertThat(history.verdict().since()).isEqualTo(T0);
  }

  @Test
  void theSameDegradationProbedAgainIsNoChange() {
    confirmDegraded();

    assertThat(history.observe(degraded("database"), T0.plusSeconds(60))).isFalse();
    assertThat(history.observe(degraded("database"), T0.plusSeconds(90))).isFalse();
  }

  @Test
  void downIsDegradedToo() {
    Optional<HealthReport> down =
        Optional.of(
            new HealthReport(
                HealthReport.Format.MICROPROFILE, "DOWN", HealthLevel.DOWN, List.of()));
    history.observe(down, T0);
    history.observe(down, T0.plusSeconds(6));

    assertThat(history.verdict().degraded()).isTrue();
    assertThat(history.verdict().status()).isEqualTo("DOWN");
  }

  private void confirmDegraded() {
    history.observe(degraded("database"), T0);
    history.observe(degraded("database"), T0.plusSeconds(6));
    assertThat(history.verdict().degraded()).isTrue();
  }
}
