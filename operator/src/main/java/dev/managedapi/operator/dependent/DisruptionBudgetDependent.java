package dev.managedapi.operator.dependent;

import dev.managedapi.operator.api.v1alpha1.DisruptionSpec;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * A PodDisruptionBudget when more than one pod runs. Unhealthy pods may always be evicted, so a
 * crash-looping API never blocks a node drain.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR))
public class DisruptionBudgetDependent extends OwnedResource<PodDisruptionBudget> {

  public DisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected PodDisruptionBudget desired(ManagedApi api, Context<ManagedApi> context) {
    return build(api);
  }

  static PodDisruptionBudget build(ManagedApi api) {
    DisruptionSpec disruption = api.getSpec().getDisruption();
    IntOrString maxUnavailable = disruption.getMaxUnavailable();
    if (maxUnavailable == null && disruption.getMinAvailable() == null) {
      maxUnavailable = new IntOrString(1);
    }
    return new PodDisruptionBudgetBuilder()
        .withMetadata(metadata(api, null))
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(Labels.selector(api))
        .endSelector()
        .withMinAvailable(disruption.getMinAvailable())
        .withMaxUnavailable(maxUnavailable)
        .withUnhealthyPodEvictionPolicy("AlwaysAllow")
        .endSpec()
        .build();
  }

  /** Reconcile precondition: the budget exists only while it protects more than one pod. */
  public static class Wanted implements Condition<PodDisruptionBudget, ManagedApi> {
    @Override
    public boolean isMet(
        DependentResource<PodDisruptionBudget, ManagedApi> dependentResource,
        ManagedApi api,
        Context<ManagedApi> context) {
      return DeploymentPlan.from(context).wantsDisruptionBudget(api);
    }
  }
}
