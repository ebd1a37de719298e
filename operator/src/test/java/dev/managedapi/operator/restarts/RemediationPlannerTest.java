package dev.managedapi.operator.restarts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.HealthyRevision;
import dev.managedapi.operator.api.v1alpha1.Remediation;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetAction;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemediationPlannerTest {

  static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  static final HealthyRevision HEALTHY =
      new HealthyRevision("aaaa", "orders:1.0", 1L, "t", null, null, null);

  @Test
  void withinBudgetNothingHappens() {
    var plan =
        RemediationPlanner.plan(
            inputs(null, 2, false, RestartBudgetAction.Suspend, HEALTHY, "bbbb"));

    assertThat(plan.remediation()).isNull();
    assertThat(plan.transition()).isNull();
  }

  @Test
  void alertOnlyReportsAndEndsWhenRestartsLeaveTheWindow() {
    var started =
        RemediationPlanner.plan(inputs(null, 2, true, RestartBudgetAction.Alert, HEALTHY, "bbbb"));
    var later =
        RemediationPlanner.plan(
            inputs(started.remediation(), 2, false, RestartBudgetAction.Alert, HEALTHY, "bbbb"));

    assertThat(started.remediation().action()).isEqualTo(RestartBudgetAction.Alert);
    assertThat(started.remediation().message())
        .isEqualTo("11 restarts in 1h exceed the budget of 10.");
    assertThat(started.transition().from()).isNull();
    assertThat(later.remediation()).isNull();
    assertThat(later.transition().to()).isNull();
  }

  @Test
  void suspendHoldsUntilTheSpecChangesAndThenOpensAFreshWindow() {
    var suspended =
        RemediationPlanner.plan(inputs(null, 2, true, RestartBudgetAction.Suspend, HEALTHY, "bbbb"))
            .remediation();
    var sameSpec =
        RemediationPlanner.plan(
            inputs(suspended, 2, false, RestartBudgetAction.Suspend, HEALTHY, "bbbb"));
    var newSpec =
        RemediationPlanner.plan(
            inputs(suspended, 3, true, RestartBudgetAction.Suspend, HEALTHY, "cccc"));

    assertThat(sameSpec.remediation()).isEqualTo(suspended);
    assertThat(newSpec.remediation()).isNull();
    assertThat(newSpec.resetWindow()).isTrue();
    assertThat(newSpec.transition().from()).isEqualTo(suspended);
  }

  @Test
  void rollbackReturnsToTheLastHealthyRevisionWithAFreshWindow() {
    var plan =
        RemediationPlanner.plan(
            inputs(null, 2, true, RestartBudgetAction.Rollback, HEALTHY, "bbbb"));

    assertThat(plan.remediation().action()).isEqualTo(RestartBudgetAction.Rollback);
    assertThat(plan.remediation().rolledBackTo()).isEqualTo("aaaa");
    assertThat(plan.remediation().message())
        .as("the rollback says what it undid")
        .contains("rolled back to the last healthy revision aaaa")
        .contains("undoing: image 1.0 → 2.0");
    assertThat(plan.remediation().generation()).isEqualTo(2L);
    assertThat(plan.resetWindow()).isTrue();
  }

  @Test
  void rollbackSuspendsWhenTheHealthyRevisionCrashesToo() {
    var rolledBack =
        RemediationPlanner.plan(
                inputs(null, 2, true, RestartBudgetAction.Rollback, HEALTHY, "bbbb"))
            .remediation();

    var plan =
        RemediationPlanner.plan(
            inputs(rolledBack, 2, true, RestartBudgetAction.Rollback, HEALTHY, "bbbb"));

    assertThat(plan.remediation().action()).isEqualTo(RestartBudgetAction.Suspend);
    assertThat(plan.remediation().message()).contains("crashed too");
    assertThat(plan.transition().from()).isEqualTo(rolledBack);
  }

  @Test
  void rollbackWithNothingToReturnToSuspends() {
    var noHistory =
        RemediationPlanner.plan(inputs(null, 1, true, RestartBudgetAction.Rollback, null, "bbbb"));
    var crashingIsHealthy =
        RemediationPlanner.plan(
            inputs(null, 1, true, RestartBudgetAction.Rollback, HEALTHY, "aaaa"));

    assertThat(noHistory.remediation().action()).isEqualTo(RestartBudgetAction.Suspend);
    assertThat(noHistory.remediation().message()).contains("no revision has been healthy yet");
    assertThat(crashingIsHealthy.remediation().action()).isEqualTo(RestartBudgetAction.Suspend);
    assertThat(crashingIsHealthy.remediation().message())
        .contains("the crashing revision is the last healthy one");
  }

  @Test
  void aNewSpecEndsARollback() {
    var rolledBack =
        RemediationPlanner.plan(
                inputs(null, 2, true, RestartBudgetAction.Rollback, HEALTHY, "bbbb"))
            .remediation();

    var plan =
        RemediationPlanner.plan(
            inputs(rolledBack, 3, false, RestartBudgetAction.Rollback, HEALTHY, "dddd"));

    assertThat(plan.remediation()).isNull();
    assertThat(plan.transition()).isEqualTo(new RemediationPlanner.Transition(rolledBack, null));
  }

  private static RemediationPlanner.Inputs inputs(
      Remediation current,
      long generation,
      boolean exhausted,
      RestartBudgetAction action,
      HealthyRevision healthy,
      String specHash) {
    return new RemediationPlanner.Inputs(
        current,
        generation,
        exhausted,
        exhausted ? 11 : 3,
        10,
        "1h",
        action,
        healthy,
        specHash,
        List.of("image 1.0 → 2.0"),
        NOW);
  }
}
