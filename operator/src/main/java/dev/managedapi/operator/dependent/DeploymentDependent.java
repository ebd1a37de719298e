package dev.managedapi.operator.dependent;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.RolloutSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher.Result;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Deployment that runs the API's pods. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR))
public class DeploymentDependent extends OwnedResource<Deployment> {

  public DeploymentDependent() {
    super(Deployment.class);
  }

  /**
   * Old ReplicaSets kept for `kubectl rollout history`; our own rollback keeps its template in
   * status.
   */
  static final int REVISION_HISTORY_LIMIT = 5;

  @Override
  protected Deployment desired(ManagedApi api, Context<ManagedApi> context) {
    return build(api, DeploymentPlan.from(context));
  }

  /**
   * While an autoscaler takes over, our field manager must apply once without spec.replicas to give
   * it up; JOSDK's matcher would call the Deployment unchanged and skip that apply, so say it is
   * not. The reconciler has already handed the value to a second manager
   * (ReplicaOwnershipHandover).
   */
  @Override
  public Result<Deployment> match(Deployment actual, ManagedApi api, Context<ManagedApi> context) {
    if (DeploymentPlan.from(context).autoscaled()
        && ReplicaOwnershipHandover.ownsReplicas(
            actual, context.getControllerConfiguration().fieldManager())) {
      return Result.nonComputed(false);
    }
    return super.match(actual, api, context);
  }

  static Deployment build(ManagedApi api, DeploymentPlan plan) {
    RolloutSpec rollout = api.getSpec().getRollout();
    return new DeploymentBuilder()
        .withMetadata(metadata(api, null))
        .withNewSpec()
        .withReplicas(plan.replicas())
        .withNewSelector()
        .withMatchLabels(Labels.selector(api))
        .endSelector()
        .withTemplate(plan.template())
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxSurge(rollout.getMaxSurge())
        .withMaxUnavailable(rollout.getMaxUnavailable())
        .endRollingUpdate()
        .endStrategy()
        .withProgressDeadlineSeconds(rollout.getProgressDeadlineSeconds())
        // The API server omits a zero minReadySeconds; sending 0 would look like drift forever.
        .withMinReadySeconds(
            rollout.getMinReadySeconds() == 0 ? null : rollout.getMinReadySeconds())
        .withRevisionHistoryLimit(REVISION_HISTORY_LIMIT)
        .endSpec()
        .build();
  }
}
