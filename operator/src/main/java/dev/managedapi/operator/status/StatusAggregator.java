package dev.managedapi.operator.status;

import static dev.managedapi.operator.status.ConditionTypes.AVAILABLE;
import static dev.managedapi.operator.status.ConditionTypes.CRASH_LOOPING;
import static dev.managedapi.operator.status.ConditionTypes.DEGRADED;
import static dev.managedapi.operator.status.ConditionTypes.PROGRESSING;
import static dev.managedapi.operator.status.ConditionTypes.READY;
import static dev.managedapi.operator.status.ConditionTypes.RESTART_BUDGET_EXHAUSTED;
import static dev.managedapi.operator.status.ConditionTypes.ROLLED_BACK;

import dev.managedapi.operator.api.v1alpha1.FailureReport;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ManagedApiStatus;
import dev.managedapi.operator.api.v1alpha1.Remediation;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetAction;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetStatus;
import dev.managedapi.operator.dependent.DeploymentPlan;
import dev.managedapi.operator.health.DegradedMessage;
import dev.managedapi.operator.health.PodHealth;
import dev.managedapi.operator.restarts.ContainerObservation;
import dev.managedapi.operator.restarts.CrashLoopDetector;
import dev.managedapi.operator.restarts.FailureDiagnosis;
import dev.managedapi.operator.restarts.HealthyRevisionTracker;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Builds a ManagedApi's whole status from one pass's observations and decisions. It is the only
 * place conditions are written, so they always agree with each other, carry the generation they
 * describe, and keep their transition times.
 */
public final class StatusAggregator {

  private StatusAggregator() {}

  public static ManagedApiStatus aggregate(Observed in, ManagedApiStatus previous) {
    ManagedApi api = in.api();
    long generation = api.getMetadata().getGeneration();
    DeploymentFacts deployment = in.deployment();
    RestartBudgetStatus budget = in.budget();
    Optional<String> failureLine = in.lastFailure().map(FailureDiagnosis::oneLine);
    Optional<ContainerObservation> cannotStart = FailureDiagnosis.startFailure(in.observations());
    boolean suspendedBySpec = Boolean.TRUE.equals(api.getSpec().getSuspend());
    Remediation remediation = in.remediation();
    boolean exhausted = remediation != null && remediation.action() != RestartBudgetAction.Rollback;

    Conditions conditions =
        new Conditions(previous == null ? null : previous.getConditions(), generation, in.now());
    setAvailable(conditions, deployment, suspendedBySpec, remediation);
    setProgressing(conditions, deployment);
    setCrashLooping(conditions, in.crashLoop(), failureLine, budget);
    setBudget(conditions, remediation, budget);
    setRolledBack(conditions, remediation);
    setDegraded(
        conditions,
        deployment,
        in.crashLoop(),
        cannotStart,
        remediation,
        failureLine,
        apiDegraded(in.health(), previous));
    setReady(conditions, in, suspendedBySpec, exhausted, cannotStart, failureLine);
    KstatusConditions.set(
        conditions,
        conditions.current(READY).orElseThrow(),
        remediation,
        deployment,
        suspendedBySpec);

    ManagedApiStatus status = new ManagedApiStatus();
    status.setObservedGeneration(generation);
    status.setConditions(conditions.build());
    status.setReplicas(deployment.replicas());
    status.setReadyReplicas(deployment.ready());
    status.setAvailableReplicas(deployment.available());
    status.setUpdatedReplicas(deployment.updated());
    status.setReady(deployment.ready() + "/" + deployment.desired());
    status.setRestarts(budget.restartsInWindow() + "/" + budget.maxRestarts());
    status.setImage(in.plan().image());
    status.setUrl(in.url());
    status.setRestartBudget(budget);
    status.setLastFailure(in.lastFailure().orElse(null));
    status.setCurrentRevision(in.revision().current());
    status.setLastHealthyRevision(in.revision().lastHealthy());
    status.setRemediation(remediation);
    return status;
  }

  /**
   * The conditions after a pass that could not apply the ManagedApi's resources: Ready turns False
   * with the error, everything else stays as last observed. Reconciling and Stalled too: the
   * operator retries, so a ManagedApi that was on its way still is, and one that was stalled still
   * waits for a spec change.
   */
  public static List<Condition> reconcileFailed(
      List<Condition> previous, long generation, Instant now, String message) {
    return new Conditions(previous, generation, now)
        .keepPrevious()
        .set(READY, false, Reasons.RECONCILE_FAILED, message)
        .build();
  }

  /**
   * The conditions for a ManagedApi the operator refuses to run as it is: Ready=False and
   * Stalled=True, both {@code InvalidSpec} with the message, since only a spec change helps; the
   * other conditions stay as they were last observed.
   */
  public static List<Condition> invalidSpec(
      List<Condition> previous, long generation, Instant now, String message) {
    Conditions conditions =
        new Conditions(previous, generation, now)
            .keepPrevious()
            .set(READY, false, Reasons.INVALID_SPEC, message);
    KstatusConditions.stalled(
        conditions, new KstatusConditions.Stall(Reasons.INVALID_SPEC, message));
    return conditions.build();
  }

  private static void setAvailable(
      Conditions conditions,
      DeploymentFacts deployment,
      boolean suspendedBySpec,
      Remediation remediation) {
    if (suspendedBySpec || isSuspension(remediation)) {
      conditions.set(AVAILABLE, false, Reasons.SUSPENDED, "The API is scaled to zero.");
    } else if (deployment.availableConditionTrue()) {
      conditions.set(
          AVAILABLE,
          true,
          Reasons.MINIMUM_REPLICAS_AVAILABLE,
          "%d of %d pods available.".formatted(deployment.available(), deployment.desired()));
    } else {
      conditions.set(
          AVAILABLE,
          false,
          Reasons.MINIMUM_REPLICAS_UNAVAILABLE,
          "%d of %d pods available.".formatted(deployment.available(), deployment.desired()));
    }
  }

  private static void setProgressing(Conditions conditions, DeploymentFacts deployment) {
    if (deployment.progressDeadlineExceeded()) {
      conditions.set(
          PROGRESSING,
          false,
          Reasons.PROGRESS_DEADLINE_EXCEEDED,
          "The rollout made no progress within spec.rollout.progressDeadlineSeconds.");
    } else if (deployment.rolloutComplete()) {
      conditions.set(
          PROGRESSING, false, Reasons.ROLLOUT_COMPLETE, "Every pod runs the current template.");
    } else {
      conditions.set(
          PROGRESSING,
          true,
          Reasons.ROLLOUT_IN_PROGRESS,
          "%d of %d pods updated, %d available."
              .formatted(deployment.updated(), deployment.desired(), deployment.available()));
    }
  }

  private static void setCrashLooping(
      Conditions conditions,
      CrashLoopDetector.Verdict verdict,
      Optional<String> failureLine,
      RestartBudgetStatus budget) {
    if (!verdict.crashLooping()) {
      conditions.set(CRASH_LOOPING, false, Reasons.STABLE, "No container is crash-looping.");
      return;
    }
    String reason =
        verdict.cause() == CrashLoopDetector.Cause.BACK_OFF
            ? Reasons.BACK_OFF
            : Reasons.REPEATED_RESTARTS;
    conditions.set(
        CRASH_LOOPING,
        true,
        reason,
        "Crash loop (%s/%s restarts in %s): %s"
            .formatted(
                budget.restartsInWindow(),
                budget.maxRestarts(),
                budget.window(),
                failureLine.orElse("no termination recorded yet")));
  }

  private static void setBudget(
      Conditions conditions, Remediation remediation, RestartBudgetStatus budget) {
    if (remediation == null || remediation.action() == null) {
      conditions.set(
          RESTART_BUDGET_EXHAUSTED,
          false,
          Reasons.WITHIN_BUDGET,
          "%d of %d restarts used in the last %s."
              .formatted(budget.restartsInWindow(), budget.maxRestarts(), budget.window()));
      return;
    }
    String reason =
        switch (remediation.action()) {
          case Alert -> Reasons.ALERTED;
          case Suspend -> Reasons.SUSPENDED;
          case Rollback -> Reasons.ROLLED_BACK;
        };
    conditions.set(RESTART_BUDGET_EXHAUSTED, true, reason, remediation.message());
  }

  private static void setRolledBack(Conditions conditions, Remediation remediation) {
    if (remediation != null && remediation.action() == RestartBudgetAction.Rollback) {
      conditions.set(
          ROLLED_BACK,
          true,
          Reasons.ROLLED_BACK,
          "Running the last healthy revision %s since %s."
              .formatted(remediation.rolledBackTo(), remediation.startedAt()));
    } else {
      conditions.set(ROLLED_BACK, false, Reasons.NOT_ROLLED_BACK, "Running the spec's revision.");
    }
  }

  private static void setDegraded(
      Conditions conditions,
      DeploymentFacts deployment,
      CrashLoopDetector.Verdict crashLoop,
      Optional<ContainerObservation> cannotStart,
      Remediation remediation,
      Optional<String> failureLine,
      Optional<String> apiDegraded) {
    // The kubelet's and the budget's findings first: a crash loop is bigger news than what a
    // running pod says about its dependencies.
    if (remediation != null) {
      conditions.set(DEGRADED, true, Reasons.RESTART_BUDGET_EXHAUSTED, remediation.message());
    } else if (crashLoop.crashLooping()) {
      conditions.set(DEGRADED, true, Reasons.CRASH_LOOPING, failureLine.orElse("Crash loop."));
    } else if (cannotStart.isPresent()) {
      conditions.set(
          DEGRADED,
          true,
          Reasons.CONTAINER_CANNOT_START,
          failureLine.orElse("A container cannot start."));
    } else if (deployment.progressDeadlineExceeded()) {
      conditions.set(
          DEGRADED,
          true,
          Reasons.PROGRESS_DEADLINE_EXCEEDED,
          "The rollout exceeded its progress deadline.");
    } else if (apiDegraded.isPresent()) {
      conditions.set(DEGRADED, true, Reasons.API_DEGRADED, apiDegraded.get());
    } else {
      conditions.set(DEGRADED, false, Reasons.AS_EXPECTED, "Nothing is failing.");
    }
  }

  private static void setReady(
      Conditions conditions,
      Observed in,
      boolean suspendedBySpec,
      boolean exhausted,
      Optional<ContainerObservation> cannotStart,
      Optional<String> failureLine) {
    DeploymentFacts deployment = in.deployment();
    Remediation remediation = in.remediation();
    String pods = "%d/%d pods ready.".formatted(deployment.ready(), deployment.desired());
    if (!deployment.exists()) {
      conditions.set(READY, false, Reasons.RECONCILING, "Creating the Deployment.");
    } else if (suspendedBySpec) {
      conditions.set(READY, false, Reasons.SUSPENDED, "Suspended by spec.suspend; " + pods);
    } else if (exhausted) {
      conditions.set(READY, false, Reasons.RESTART_BUDGET_EXHAUSTED, remediation.message());
    } else if (in.crashLoop().crashLooping()) {
      conditions.set(READY, false, Reasons.CRASH_LOOPING, failureLine.orElse("Crash loop."));
    } else if (deployment.progressDeadlineExceeded()) {
      conditions.set(
          READY,
          false,
          Reasons.PROGRESS_DEADLINE_EXCEEDED,
          "The rollout made no progress within its deadline; " + pods);
    } else if (cannotStart.isPresent()) {
      conditions.set(
          READY,
          false,
          Reasons.CONTAINER_CANNOT_START,
          failureLine.orElse("A container cannot start."));
    } else if (deployment.desired() == 0 && deployment.replicas() == 0) {
      conditions.set(READY, true, Reasons.SCALED_TO_ZERO, "Scaled to zero by spec.replicas.");
    } else if (!deployment.rolloutComplete() || deployment.ready() < deployment.desired()) {
      conditions.set(READY, false, Reasons.ROLLOUT_IN_PROGRESS, "Rolling out; " + pods);
    } else if (remediation != null && remediation.action() == RestartBudgetAction.Rollback) {
      conditions.set(
          READY,
          true,
          Reasons.ROLLED_BACK,
          "Serving the last healthy revision %s; %s".formatted(remediation.rolledBackTo(), pods));
    } else {
      conditions.set(READY, true, Reasons.READY, pods);
    }
  }

  /**
   * What the pods' health bodies say; while some pod is not read enough yet, an ApiDegraded the
   * status already carries stands, so an operator restart or failover does not announce a recovery
   * and a new degradation a few seconds apart.
   */
  private static Optional<String> apiDegraded(List<PodHealth> health, ManagedApiStatus previous) {
    Optional<String> now = DegradedMessage.describe(health);
    if (now.isPresent() || health.stream().allMatch(PodHealth::settled) || previous == null) {
      return now;
    }
    return Conditions.find(previous.getConditions(), DEGRADED)
        .filter(c -> "True".equals(c.getStatus()) && Reasons.API_DEGRADED.equals(c.getReason()))
        .map(Condition::getMessage);
  }

  private static boolean isSuspension(Remediation remediation) {
    return remediation != null && remediation.action() == RestartBudgetAction.Suspend;
  }

  /**
   * Everything one pass observed and decided.
   *
   * @param health the health-details verdict of every ready pod read (empty when turned off)
   */
  public record Observed(
      ManagedApi api,
      DeploymentFacts deployment,
      DeploymentPlan plan,
      List<ContainerObservation> observations,
      RestartBudgetStatus budget,
      CrashLoopDetector.Verdict crashLoop,
      Optional<FailureReport> lastFailure,
      Remediation remediation,
      HealthyRevisionTracker.Result revision,
      String url,
      List<PodHealth> health,
      Instant now) {}
}
