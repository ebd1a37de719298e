package dev.managedapi.operator.status;

import static dev.managedapi.operator.status.ConditionTypes.RECONCILING;
import static dev.managedapi.operator.status.ConditionTypes.STALLED;

import dev.managedapi.operator.api.v1alpha1.Remediation;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetAction;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Optional;

/**
 * Reconciling and Stalled, the conditions of kstatus (sigs.k8s.io/cli-utils), so that Flux, kpt and
 * anything else built on it can tell a ManagedApi still on its way (InProgress) from one that will
 * not get there without a spec change or a human (Failed), in our own words.
 *
 * <p>kstatus decides in this order: status.observedGeneration behind metadata.generation is
 * InProgress; then the first condition that is Reconciling=True (InProgress, its message) or
 * Stalled=True (Failed, its message); only then Ready (True: Current, False: InProgress). Ready
 * alone would read as InProgress forever for a ManagedApi whose budget ran out, so a `flux` wait
 * would sit until its timeout. Both conditions are abnormal-true, as kstatus asks: False when the
 * ManagedApi is Current, and never both True.
 */
final class KstatusConditions {

  /** Why nothing moves on by itself: the Stalled condition's reason and message. */
  record Stall(String reason, String message) {}

  private KstatusConditions() {}

  /** Sets both from the Ready condition this pass wrote and what the operator decided. */
  static void set(
      Conditions conditions,
      Condition ready,
      Remediation remediation,
      DeploymentFacts deployment,
      boolean suspendedBySpec) {
    Optional<Stall> stall = stall(ready, remediation, deployment, suspendedBySpec);
    if (stall.isPresent()) {
      stalled(conditions, stall.get());
      return;
    }
    conditions.set(STALLED, false, Reasons.NOT_STALLED, "Nothing waits for a spec change.");
    if (suspendedBySpec) {
      conditions.set(RECONCILING, false, Reasons.SUSPENDED, "Suspended by spec.suspend.");
    } else if ("False".equals(ready.getStatus())) {
      conditions.set(RECONCILING, true, ready.getReason(), ready.getMessage());
    } else {
      conditions.set(
          RECONCILING,
          false,
          Reasons.RECONCILED,
          "Generation %d is rolled out.".formatted(ready.getObservedGeneration()));
    }
  }

  /** Stalled=True, Reconciling=False: what a refused or exhausted ManagedApi shows. */
  static void stalled(Conditions conditions, Stall stall) {
    conditions.set(STALLED, true, stall.reason(), stall.message());
    conditions.set(
        RECONCILING,
        false,
        Reasons.STALLED,
        "The operator cannot get further without a spec change: see Stalled.");
  }

  /**
   * Stalled when the operator has stopped trying and only a spec change (or someone acting on the
   * pods' cause) moves it on: the restart budget ran out, whether it alerted (the pods go on
   * crash-looping, and nothing of ours will end that), suspended (scaled to zero until the spec
   * changes) or rolled back (the last healthy revision serves, the spec's revision does not); or
   * the Deployment's progress deadline passed, kstatus' own rule for a Deployment. A suspension
   * asked for by spec.suspend is what the user wanted, not a stall.
   */
  static Optional<Stall> stall(
      Condition ready,
      Remediation remediation,
      DeploymentFacts deployment,
      boolean suspendedBySpec) {
    if (suspendedBySpec) {
      return Optional.empty();
    }
    if (remediation != null && remediation.action() != null) {
      String reason =
          remediation.action() == RestartBudgetAction.Rollback
              ? Reasons.ROLLED_BACK
              : Reasons.RESTART_BUDGET_EXHAUSTED;
      return Optional.of(new Stall(reason, remediation.message()));
    }
    if (deployment.progressDeadlineExceeded()) {
      // Ready names the deeper cause when there is one (a crash loop, an image that cannot be
      // pulled); the deadline is only why it counts as final now.
      return Optional.of(new Stall(ready.getReason(), ready.getMessage()));
    }
    return Optional.empty();
  }
}
