package dev.managedapi.operator.status;

import dev.managedapi.operator.dependent.DeploymentPlan;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.List;
import java.util.Optional;

/** What the Deployment's status says, reduced to what the ManagedApi's status needs. */
public record DeploymentFacts(
    boolean exists,
    int desired,
    int replicas,
    int ready,
    int available,
    int updated,
    boolean observedCurrentGeneration,
    boolean availableConditionTrue,
    boolean progressDeadlineExceeded) {

  public static DeploymentFacts of(Deployment deployment, DeploymentPlan plan) {
    if (deployment == null) {
      int desired = plan.replicas() == null ? 0 : plan.replicas();
      return new DeploymentFacts(false, desired, 0, 0, 0, 0, false, false, false);
    }
    DeploymentStatus status =
        Optional.ofNullable(deployment.getStatus()).orElseGet(DeploymentStatus::new);
    // Under an autoscaler the Deployment's own spec.replicas is the desired count.
    int desired =
        plan.replicas() != null
            ? plan.replicas()
            : Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
    List<DeploymentCondition> conditions =
        Optional.ofNullable(status.getConditions()).orElse(List.of());
    return new DeploymentFacts(
        true,
        desired,
        orZero(status.getReplicas()),
        orZero(status.getReadyReplicas()),
        orZero(status.getAvailableReplicas()),
        orZero(status.getUpdatedReplicas()),
        status.getObservedGeneration() != null
            && status.getObservedGeneration() >= deployment.getMetadata().getGeneration(),
        conditions.stream()
            .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus())),
        conditions.stream()
            .anyMatch(
                c ->
                    "Progressing".equals(c.getType())
                        && "False".equals(c.getStatus())
                        && "ProgressDeadlineExceeded".equals(c.getReason())));
  }

  /** Every pod runs the current template, and enough of them are available. */
  public boolean rolloutComplete() {
    return exists
        && observedCurrentGeneration
        && updated >= desired
        && replicas == updated
        && available >= desired;
  }

  /** Healthy enough to be recorded as a rollback target once it stays so. */
  public boolean servingFully() {
    return rolloutComplete() && desired > 0 && ready >= desired && availableConditionTrue;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
