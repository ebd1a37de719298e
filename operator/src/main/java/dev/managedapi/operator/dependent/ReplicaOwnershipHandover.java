package dev.managedapi.operator.dependent;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import java.util.Optional;

/**
 * Hands spec.replicas over to the HorizontalPodAutoscaler without a dip in capacity.
 *
 * <p>With server-side apply, a field its only manager stops applying is deleted, so the Deployment
 * would fall back to one replica before the autoscaler scales it up again. Kubernetes documents the
 * remedy: first apply the current value under a second field manager, then stop applying it. The
 * second manager keeps the value until the autoscaler writes its own.
 */
public final class ReplicaOwnershipHandover {

  static final String HANDOVER_MANAGER = "managedapi-replicas-handover";

  private ReplicaOwnershipHandover() {}

  /** Hands spec.replicas over when the operator still owns it; at most once per switch. */
  public static void handOverIfOwned(
      KubernetesClient client, Deployment actual, String operatorFieldManager) {
    if (!ownsReplicas(actual, operatorFieldManager)) {
      return;
    }
    Deployment replicasOnly =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(actual.getMetadata().getName())
            .withNamespace(actual.getMetadata().getNamespace())
            .endMetadata()
            .withNewSpec()
            .withReplicas(actual.getSpec().getReplicas())
            .endSpec()
            .build();
    client
        .resource(replicasOnly)
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(HANDOVER_MANAGER)
                .withForce(true)
                .build());
  }

  public static boolean ownsReplicas(Deployment deployment, String fieldManager) {
    return deployment.getMetadata().getManagedFields().stream()
        .filter(entry -> fieldManager.equals(entry.getManager()))
        .filter(entry -> "Apply".equals(entry.getOperation()))
        .anyMatch(ReplicaOwnershipHandover::coversReplicas);
  }

  private static boolean coversReplicas(ManagedFieldsEntry entry) {
    return Optional.ofNullable(entry.getFieldsV1())
        .map(fields -> fields.getAdditionalProperties().get("f:spec"))
        .filter(Map.class::isInstance)
        .map(spec -> ((Map<?, ?>) spec).containsKey("f:replicas"))
        .orElse(false);
  }
}
