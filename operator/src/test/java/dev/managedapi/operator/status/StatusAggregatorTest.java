package dev.managedapi.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.FailureReport;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ManagedApiStatus;
import dev.managedapi.operator.api.v1alpha1.Remediation;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetAction;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetStatus;
import dev.managedapi.operator.dependent.DeploymentPlan;
import dev.managedapi.operator.dependent.PodTemplateFactory;
import dev.managedapi.operator.dependent.TemplateHash;
import dev.managedapi.operator.health.HealthLevel;
import dev.managedapi.operator.health.PodHealth;
import dev.managedapi.operator.restarts.ContainerObservation;
import dev.managedapi.operator.restarts.CrashLoopDetector;
import dev.managedapi.operator.restarts.HealthyRevisionTracker;
import dev.managedapi.operator.testing.Observations;
import dev.managedapi.operator.testing.TestManagedApis;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {

  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  static final DeploymentFacts ROLLED_OUT =
      new DeploymentFacts(true, 2, 2, 2, 2, 2, true, true, false);
  static final CrashLoopDetector.Verdict CALM =
      new CrashLoopDetector.Verdict(false, CrashLoopDetector.Cause.STABLE, Optional.empty());
  static final CrashLoopDetector.Verdict LOOPING =
      new CrashLoopDetector.Verdict(true, CrashLoopDetector.Cause.BACK_OFF, Optional.empty());
  static final FailureReport OOM =
      new FailureReport(
          "orders-1",
          "api",
          "OOMKilled",
          137,
          9,
          null,
          "2026-11-23T09:59:00Z",
          3,
          null,
          null,
          null);

  final ManagedApi api = TestManagedApis.managedApi("orders");
  List<PodHealth> health = List.of();

  static final PodHealth DATABASE_DEGRADED =
      new PodHealth(
          "orders-1",
          "uid-1",
          true,
          "DEGRADED",
          T0.minusSeconds(60),
          List.of(
              new PodHealth.ComponentSince(
                  "database", "DEGRADED", HealthLevel.DEGRADED, T0.minusSeconds(60))));
  static final PodHealth HEALTHY = new PodHealth("orders-2", "uid-2", false, null, null, List.of());

  @Test
  void podsReportingADegradedComponentMakeItDegradedButStillReady() {
    health = List.of(DATABASE_DEGRADED, HEALTHY);

    ManagedApiStatus status = aggregate(ROLLED_OUT, CALM, List.of(), Optional.empty(), null, null);

    assertThat(condition(status, "Degraded"))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("ApiDegraded");
              assertThat(c.getMessage())
                  .isEqualTo(
                      "1 of 2 pods reports DEGRADED (orders-1): database DEGRADED since"
                          + " 2026-11-23T09:59:00Z.");
            });
    // Reporting only: the pods still serve, so Ready and Available stay as the kubelet says.
    assertThat(condition(status, "Ready").getReason()).isEqualTo("Ready");
    assertThat(condition(status, "Available").getStatus()).isEqualTo("True");
  }

  @Test
  void aCrashLoopOutranksWhatRunningPodsSayAboutTheirDependencies() {
    health = List.of(DATABASE_DEGRADED, HEALTHY);

    ManagedApiStatus status =
        aggregate(ROLLED_OUT, LOOPING, List.of(), Optional.of(OOM), null, null);

    assertThat(condition(status, "Degraded").getReason()).isEqualTo("CrashLooping");
  }

  @Test
  void anApiDegradedStandsWhilePodsAreNotReadEnoughYetAndClearsOnceTheyAre() {
    health = List.of(DATABASE_DEGRADED, HEALTHY);
    ManagedApiStatus degraded =
        aggregate(ROLLED_OUT, CALM, List.of(), Optional.empty(), null, null);
    // A new leader (or a restarted operator) has read nothing yet.
    health =
        List.of(
            new PodHealth("orders-1", "uid-1", false, null, null, List.of(), false),
            new PodHealth("orders-2", "uid-2", false, null, null, List.of(), false));

    ManagedApiStatus afterFailover =
        aggregate(ROLLED_OUT, CALM, List.of(), Optional.empty(), null, degraded);

    assertThat(condition(afterFailover, "Degraded")).isEqualTo(condition(degraded, "Degraded"));

    health = List.of(HEALTHY, new PodHealth("orders-1", "uid-1", false, null, null, List.of()));
    ManagedApiStatus settled =
        aggregate(ROLLED_OUT, CALM, List.of(), Optional.empty(), null, afterFailover);
    assertThat(condition(settled, "Degraded").getReason()).isEqualTo("AsExpected");
  }

  @Test
  void unreadPodsOfAnApiThatWasNotDegradedChangeNothing() {
    health = List.of(new PodHealth("orders-1", "uid-1", false, null, null, List.of(), false));

    ManagedApiStatus status = aggregate(ROLLED_OUT, CALM, List.of(), Optional.empty(), null, null);

    assertThat(condition(status, "Degraded").getReason()).isEqualTo("AsExpected");
  }

  @Test
  void podsThatAllReportHealthyLeaveDegradedFalse() {
    health = List.of(HEALTHY);

    ManagedApiStatus status = aggregate(ROLLED_OUT, CALM, List.of(), Optional.empty(), null, null);

    assertThat(condition(status, "Degraded").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Degraded").getReason()).isEqualTo("AsExpected");
  }

  @Test
  void aFullyRolledOutApiIsReady() {
    ManagedApiStatus status = aggregate(ROLLED_OUT, CALM, List.of(), Optional.empty(), null, null);

    assertThat(condition(status, "Ready"))
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("Ready");
              assertThat(c.getObservedGeneration()).isEqualTo(1L);
            });
    assertThat(status.getReady()).isEqualTo("2/2");
    assertThat(status.getRestarts()).isEqualTo("0/10");
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(status.getImage()).isEqualTo("ghcr.io/acme/orders:1.4.2");
    assertThat(condition(status, "Progressing").getReason()).isEqualTo("RolloutComplete");
    assertThat(condition(status, "Degraded").getStatus()).isEqualTo("False");
  }

  @Test
  void aCrashLoopMakesTheApiNotReadyAndSaysWhy() {
    ManagedApiStatus status =
        aggregate(ROLLED_OUT, LOOPING, List.of(), Optional.of(OOM), null, null);

    assertThat(condition(status, "Ready").getReason()).isEqualTo("CrashLooping");
    assertThat(condition(status, "CrashLooping").getStatus()).isEqualTo("True");
    assertThat(condition(status, "CrashLooping").getMessage())
        .isEqualTo(
            "Crash loop (0/10 restarts in 1h): Container api of pod orders-1: OOMKilled"
                + " (exit code 137, signal 9) at 2026-11-23T09:59:00Z.");
    assertThat(condition(status, "Degraded").getReason()).isEqualTo("CrashLooping");
  }

  @Test
  void aConditionKeepsItsTransitionTimeWhileItsStatusHolds() {
    ManagedApiStatus first =
        aggregate(ROLLED_OUT, LOOPING, List.of(), Optional.of(OOM), null, null);
    ManagedApiStatus later =
        StatusAggregator.aggregate(
            observed(ROLLED_OUT, LOOPING, List.of(), Optional.of(OOM), null, T0.plusSeconds(60)),
            first);

    assertThat(condition(later, "CrashLooping").getLastTransitionTime()).isEqualTo(T0.toString());
  }

  @Test
  void suspensionShowsAsSuspended() {
    api.getSpec().setSuspend(true);
    ManagedApiStatus status =
        aggregate(
            new DeploymentFacts(true, 0, 0, 0, 0, 0, true, true, false),
            CALM,
            List.of(),
            Optional.empty(),
            null,
            null);

    assertThat(condition(status, "Ready").getReason()).isEqualTo("Suspended");
    assertThat(condition(status, "Available").getReason()).isEqualTo("Suspended");
  }

  @Test
  void anExhaustedBudgetUnderAlertIsNotReady() {
    Remediation alert =
        new Remediation(
            RestartBudgetAction.Alert,
            "11 restarts in 1h exceed the budget of 10.",
            1L,
            T0.toString(),
            null);
    ManagedApiStatus status =
        aggregate(ROLLED_OUT, LOOPING, List.of(), Optional.of(OOM), alert, null);

    assertThat(condition(status, "Ready").getReason()).isEqualTo("RestartBudgetExhausted");
    assertThat(condition(status, "RestartBudgetExhausted").getReason()).isEqualTo("Alerted");
    assertThat(condition(status, "RestartBudgetExhausted").getMessage()).isEqualTo(alert.message());
  }

  @Test
  void aCompletedRollbackIsReadyAndSaysItRolledBack() {
    Remediation rollback =
        new Remediation(
            RestartBudgetAction.Rollback, "rolled back.", 2L, T0.toString(), "abcdef0123");
    ManagedApiStatus status =
        aggregate(ROLLED_OUT, CALM, List.of(), Optional.of(OOM), rollback, null);

    assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("RolledBack");
    assertThat(condition(status, "RolledBack").getStatus()).isEqualTo("True");
    assertThat(condition(status, "RolledBack").getMessage()).contains("abcdef0123");
    // Serving, but not the spec's revision: only a spec change moves it on, so kstatus says Failed.
    assertThat(condition(status, "Stalled").getReason()).isEqualTo("RolledBack");
    assertThat(condition(status, "Stalled").getMessage()).isEqualTo("rolled back.");
  }

  @Test
  void aStuckRolloutReportsItsDeadline() {
    DeploymentFacts stuck = new DeploymentFacts(true, 2, 3, 2, 2, 1, true, true, true);
    ManagedApiStatus status = aggregate(stuck, CALM, List.of(), Optional.empty(), null, null);

    assertThat(condition(status, "Progressing").getReason()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(condition(status, "Ready").getReason()).isEqualTo("ProgressDeadlineExceeded");
    assertThat(condition(status, "Degraded").getStatus()).isEqualTo("True");
  }

  @Test
  void aContainerThatCannotStartIsNamed() {
    ContainerObservation pulling =
        Observations.waitingFor("orders-1", T0, "ImagePullBackOff", "Back-off pulling image");
    FailureReport report =
        new FailureReport(
            "orders-1",
            "api",
            "ImagePullBackOff",
            null,
            null,
            "Back-off pulling image",
            null,
            0,
            null,
            null,
            null);
    ManagedApiStatus status =
        aggregate(
            new DeploymentFacts(true, 1, 1, 0, 0, 1, true, false, false),
            CALM,
            List.of(pulling),
            Optional.of(report),
            null,
            null);

    assertThat(condition(status, "Ready").getReason()).isEqualTo("ContainerCannotStart");
    assertThat(condition(status, "Ready").getMessage()).contains("ImagePullBackOff");
  }

  @Test
  void aRolloutInProgressIsNotReadyYet() {
    DeploymentFacts rolling = new DeploymentFacts(true, 2, 3, 2, 2, 1, true, true, false);
    ManagedApiStatus status = aggregate(rolling, CALM, List.of(), Optional.empty(), null, null);

    assertThat(condition(status, "Ready").getReason()).isEqualTo("RolloutInProgress");
    assertThat(condition(status, "Progressing").getStatus()).isEqualTo("True");
  }

  @Test
  void anExhaustedBudgetIsStalledWithItsDiagnosisSoKstatusReportsFailed() {
    for (RestartBudgetAction action :
        List.of(RestartBudgetAction.Alert, RestartBudgetAction.Suspend)) {
      Remediation exhausted =
          new Remediation(
              action, "11 restarts in 1h exceed the budget of 10.", 1L, T0.toString(), null);
      ManagedApiStatus status =
          aggregate(ROLLED_OUT, LOOPING, List.of(), Optional.of(OOM), exhausted, null);

      assertThat(condition(status, "Stalled").getStatus()).isEqualTo("True");
      assertThat(condition(status, "Stalled").getMessage()).isEqualTo(exhausted.message());
      assertThat(condition(status, "Reconciling").getStatus()).isEqualTo("False");
    }
  }

  @Test
  void aRolloutUnderWayIsReconcilingAndAReadyApiIsNeither() {
    DeploymentFacts rolling = new DeploymentFacts(true, 2, 3, 2, 2, 1, true, true, false);
    ManagedApiStatus status = aggregate(rolling, CALM, List.of(), Optional.empty(), null, null);
    ManagedApiStatus ready = aggregate(ROLLED_OUT, CALM, List.of(), Optional.empty(), null, null);

    assertThat(condition(status, "Reconciling").getStatus()).isEqualTo("True");
    assertThat(condition(status, "Stalled").getStatus()).isEqualTo("False");
    assertThat(condition(ready, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(condition(ready, "Stalled").getStatus()).isEqualTo("False");
  }

  private ManagedApiStatus aggregate(
      DeploymentFacts deployment,
      CrashLoopDetector.Verdict verdict,
      List<ContainerObservation> observations,
      Optional<FailureReport> failure,
      Remediation remediation,
      ManagedApiStatus previous) {
    return StatusAggregator.aggregate(
        observed(deployment, verdict, observations, failure, remediation, T0), previous);
  }

  private StatusAggregator.Observed observed(
      DeploymentFacts deployment,
      CrashLoopDetector.Verdict verdict,
      List<ContainerObservation> observations,
      Optional<FailureReport> failure,
      Remediation remediation,
      Instant now) {
    var template = PodTemplateFactory.build(api);
    var plan =
        new DeploymentPlan(
            template, TemplateHash.read(template).orElseThrow(), deployment.desired());
    return new StatusAggregator.Observed(
        api,
        deployment,
        plan,
        observations,
        new RestartBudgetStatus(0, 10, "1h", 10, List.of(), List.of()),
        verdict,
        failure,
        remediation,
        new HealthyRevisionTracker.Result(null, null, Optional.empty()),
        "http://orders.shop.svc.cluster.local:80",
        health,
        now);
  }

  private static Condition condition(ManagedApiStatus status, String type) {
    return Conditions.find(status.getConditions(), type).orElseThrow();
  }
}
