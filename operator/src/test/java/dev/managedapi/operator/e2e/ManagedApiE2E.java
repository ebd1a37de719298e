package dev.managedapi.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a user does and sees, on the whole local cluster: `kubectl apply` of the api-service sample,
 * `kubectl get managedapis`, `kubectl wait`, scaling, a new image, deletion. Controllers, scheduler
 * and garbage collector are real, and so is the kubelet: it runs api-service's pods with containerd
 * and probes their /health endpoints, so READY counts pods that really answer.
 */
class ManagedApiE2E {

  @RegisterExtension
  static final ClusterOperator cluster = ClusterOperator.inNewNamespace("e2e-apply");

  @Test
  void theSampleRollsOutScalesUpdatesAndIsCollectedWhenDeleted() {
    KubernetesClient client = cluster.client();
    String namespace = cluster.namespace();
    LocalCluster.kubectl("apply", "-n", namespace, "-f", "k8s/samples/managedapi.yaml").succeeded();

    LocalCluster.kubectl(
            "wait",
            "-n",
            namespace,
            "--for=condition=Ready",
            "--timeout=90s",
            "managedapi/api-service")
        .succeeded();
    assertThat(LocalCluster.kubectl("get", "managedapis", "-n", namespace).succeeded().output())
        .containsPattern("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+IMAGE\\s+AGE")
        .containsPattern(
            "api-service\\s+2/2\\s+Ready\\s+0/10\\s+ghcr.io/managedapi/api-service:0.1.0");
    // The pods passed Pod Security "restricted": the namespace enforces it.
    assertThat(client.pods().inNamespace(namespace).list().getItems()).hasSize(2);

    LocalCluster.patchManagedApi(namespace, "api-service", "{\"spec\":{\"replicas\":3}}")
        .succeeded();
    awaitGet("api-service\\s+3/3\\s+Ready");

    LocalCluster.patchManagedApi(
            namespace,
            "api-service",
            "{\"spec\":{\"image\":\"ghcr.io/managedapi/api-service:0.2.0\"}}")
        .succeeded();
    awaitGet("api-service\\s+3/3\\s+Ready\\s+0/10\\s+ghcr.io/managedapi/api-service:0.2.0");
    assertThat(client.apps().replicaSets().inNamespace(namespace).list().getItems())
        .as("the image change rolled out through a new ReplicaSet")
        .hasSizeGreaterThanOrEqualTo(2);
    Deployment deployment =
        client.apps().deployments().inNamespace(namespace).withName("api-service").get();
    assertThat(deployment.getStatus().getUpdatedReplicas()).isEqualTo(3);

    LocalCluster.kubectl("delete", "managedapi", "api-service", "-n", namespace, "--wait=true")
        .succeeded();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client.apps().deployments().inNamespace(namespace).list().getItems().isEmpty()
                    && client.services().inNamespace(namespace).list().getItems().isEmpty()
                    && client
                        .policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(namespace)
                        .list()
                        .getItems()
                        .isEmpty()
                    && client.pods().inNamespace(namespace).list().getItems().isEmpty());
  }

  private static void awaitGet(String pattern) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> LocalCluster.kubectl("get", "managedapis", "-n", cluster.namespace()).output(),
            output -> java.util.regex.Pattern.compile(pattern).matcher(output).find());
  }
}
