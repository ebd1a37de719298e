package dev.managedapi.operator.dependent;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.RolloutSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
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
        .withMinReadySeconds(rollout.getMinReadySeconds())
        .withRevisionHistoryLimit(REVISION_HISTORY_LIMIT)
        .endSpec()
        .build();
  }
}
