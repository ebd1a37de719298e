package dev.managedapi.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the local cluster is a cluster: controllers turn a Deployment into pods, the scheduler
 * places them on kwok's node, the simulated kubelet reports them ready, and PodSecurity admission
 * rejects what "restricted" forbids.
 */
class ClusterPlumbingE2E {

  static KubernetesClient client;
  static String namespace;

  @BeforeAll
  static void connect() {
    client = LocalCluster.connect();
    namespace = LocalCluster.restrictedNamespace(client, "plumbing");
  }

  @AfterAll
  static void cleanUp() {
    if (client != null) {
      client.namespaces().withName(namespace).delete();
      client.close();
    }
  }

  @Test
  void aDeploymentsPodsAreScheduledAndBecomeReady() {
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector()
                .addToMatchLabels("app", "web")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "web")
                .endMetadata()
                .withNewSpec()
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .addNewContainer()
                .withName("web")
                .withImage("ghcr.io/acme/web:1.0")
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();

    List<Pod> pods =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    client.pods().inNamespace(namespace).withLabel("app", "web").list().getItems(),
                list -> list.size() == 2 && list.stream().allMatch(ClusterPlumbingE2E::ready));
    assertThat(pods)
        .allSatisfy(
            pod -> {
              assertThat(pod.getSpec().getNodeName()).isNotBlank();
              assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
            });
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                    .apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withName("web")
                    .get()
                    .getStatus()
                    .getReadyReplicas(),
            ready -> ready != null && ready == 2);
  }

  @Test
  void podSecurityRestrictedRejectsAPrivilegedPod() {
    var result =
        LocalCluster.kubectl(
            "run",
            "root-shell",
            "-n",
            namespace,
            "--image=busybox",
            "--overrides={\"spec\":{\"containers\":[{\"name\":\"root-shell\",\"image\":\"busybox\",\"securityContext\":{\"privileged\":true}}]}}");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .contains("violates PodSecurity \"restricted:latest\"")
        .contains("privileged");
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
