package dev.managedapi.operator.dependent;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * What the Deployment should run this pass, as the reconciler decided it: the pod template (the
 * spec's, or the last healthy one during a rollback) and the replica count (null while a
 * HorizontalPodAutoscaler owns it, 0 while suspended). Dependents read it from the context so the
 * decision is made once, in one place.
 */
public record DeploymentPlan(PodTemplateSpec template, String templateHash, Integer replicas) {

  private static final String KEY = DeploymentPlan.class.getName();

  public boolean autoscaled() {
    return replicas == null;
  }

  public boolean scaledToZero() {
    return replicas != null && replicas == 0;
  }

  public String image() {
    return template.getSpec().getContainers().getFirst().getImage();
  }

  /** Whether a PodDisruptionBudget protects anything: only with more than one pod. */
  public boolean wantsDisruptionBudget(ManagedApi api) {
    if (!Boolean.TRUE.equals(api.getSpec().getDisruption().getEnabled()) || scaledToZero()) {
      return false;
    }
    return autoscaled() ? api.getSpec().getAutoscaling().getMaxReplicas() > 1 : replicas > 1;
  }

  public void storeIn(Context<ManagedApi> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  public static DeploymentPlan from(Context<ManagedApi> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .getMandatory(KEY, DeploymentPlan.class);
  }
}
