package dev.managedapi.operator.dependent;

import dev.managedapi.operator.api.v1alpha1.AutoscalingSpec;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** A HorizontalPodAutoscaler on CPU, when spec.autoscaling is set and the API is not suspended. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR))
public class AutoscalerDependent extends OwnedResource<HorizontalPodAutoscaler> {

  public AutoscalerDependent() {
    super(HorizontalPodAutoscaler.class);
  }

  @Override
  protected HorizontalPodAutoscaler desired(ManagedApi api, Context<ManagedApi> context) {
    return build(api);
  }

  static HorizontalPodAutoscaler build(ManagedApi api) {
    AutoscalingSpec autoscaling = api.getSpec().getAutoscaling();
    return new HorizontalPodAutoscalerBuilder()
        .withMetadata(metadata(api, null))
        .withNewSpec()
        .withNewScaleTargetRef()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(api.getMetadata().getName())
        .endScaleTargetRef()
        .withMinReplicas(autoscaling.getMinReplicas())
        .withMaxReplicas(autoscaling.getMaxReplicas())
        .addNewMetric()
        .withType("Resource")
        .withNewResource()
        .withName("cpu")
        .withNewTarget()
        .withType("Utilization")
        .withAverageUtilization(autoscaling.getTargetCPUUtilizationPercentage())
        .endTarget()
        .endResource()
        .endMetric()
        .endSpec()
        .build();
  }

  /**
   * Reconcile precondition. While suspended the autoscaler is deleted: it would otherwise scale the
   * Deployment back up from zero.
   */
  public static class Wanted implements Condition<HorizontalPodAutoscaler, ManagedApi> {
    @Override
    public boolean isMet(
        DependentResource<HorizontalPodAutoscaler, ManagedApi> dependentResource,
        ManagedApi api,
        Context<ManagedApi> context) {
      return DeploymentPlan.from(context).autoscaled();
    }
  }
}
