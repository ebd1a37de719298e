package dev.managedapi.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Proves the local cluster is a cluster: controllers turn a Deployment into pods, the scheduler
 * places them on the real node, containerd runs them and the kubelet's readiness probe makes them
 * Ready, kube-proxy routes a Service's ClusterIP to them, the kubelet serves `kubectl logs`, `exec`
 * and `port-forward`, and PodSecurity admission rejects what "restricted" forbids.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPlumbingE2E {

  static final String IMAGE = "ghcr.io/managedapi/api-service:0.1.0";
  static final Duration WAIT = Duration.ofSeconds(120);
  static final Pattern FORWARDING = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) ->");

  static KubernetesClient client;
  static String namespace;
  static List<Pod> pods;

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
  @Order(1)
  void aDeploymentsPodsRunOnTheNodeAndTheKubeletsProbeMakesThemReady() {
    client.apps().deployments().inNamespace(namespace).resource(webDeployment()).create();

    pods =
        await("two web pods Ready")
            .atMost(WAIT)
            .until(ClusterPlumbingE2E::webPods, list -> list.size() == 2 && allReady(list));
    assertThat(pods)
        .allSatisfy(
            pod -> {
              RealNode.assertRunsThePod(pod);
              assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
              assertThat(pod.getStatus().getPodIP()).startsWith("198.19.");
            });
    // Ready came from the probe: the kubelet asked the container, which logs every request.
    assertThat(logsOf(pods.getFirst())).contains("route=/health/readiness status=200");
    await()
        .atMost(WAIT)
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
  @Order(2)
  void kubeProxyRoutesTheServicesClusterIpToThePods() {
    Service service = client.services().inNamespace(namespace).resource(webService()).create();
    URI health = RealNode.clusterIpUri(service, "/health");

    assertThat(service.getSpec().getClusterIP()).startsWith("198.19.");
    await("GET " + health + " through kube-proxy's rules")
        .atMost(WAIT)
        .until(() -> RealNode.status(health) == 200);
    assertThat(RealNode.body(health)).contains("\"status\":\"UP\"");
  }

  @Test
  @Order(3)
  void theKubeletServesLogsExecAndPortForward() throws Exception {
    Pod pod = pods.getFirst();
    String name = pod.getMetadata().getName();

    assertThat(logsOf(pod)).contains("Startup completed in");
    assertThat(
            LocalCluster.kubectl(
                    "exec", "-n", namespace, name, "--", "/opt/java/openjdk/bin/java", "-version")
                .succeeded()
                .output())
        .contains("OpenJDK Runtime Environment");
    Process forward = portForward(name);
    try {
      URI readiness =
          URI.create("http://127.0.0.1:" + forwardedPort(forward) + "/health/readiness");
      assertThat(RealNode.status(readiness)).as("GET %s", readiness).isEqualTo(200);
    } finally {
      forward.destroy();
      forward.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(4)
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

  private static Deployment webDeployment() {
    return new DeploymentBuilder()
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
        .withImage(IMAGE)
        .withImagePullPolicy("Never")
        .addNewPort()
        .withName("http")
        .withContainerPort(8080)
        .endPort()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/health/readiness")
        .withPort(new IntOrString("http"))
        .endHttpGet()
        .withPeriodSeconds(2)
        .endReadinessProbe()
        .withNewResources()
        .addToRequests("cpu", new Quantity("50m"))
        .addToLimits("memory", new Quantity("384Mi"))
        .endResources()
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
        .build();
  }

  private static Service webService() {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("web")
        .endMetadata()
        .withNewSpec()
        .addToSelector("app", "web")
        .addNewPort()
        .withPort(80)
        .withTargetPort(new IntOrString("http"))
        .endPort()
        .endSpec()
        .build();
  }

  private static List<Pod> webPods() {
    return client.pods().inNamespace(namespace).withLabel("app", "web").list().getItems();
  }

  private static boolean allReady(List<Pod> list) {
    return list.stream().allMatch(Readiness::isPodReady);
  }

  private static String logsOf(Pod pod) {
    return LocalCluster.kubectl("logs", "-n", namespace, pod.getMetadata().getName())
        .succeeded()
        .output();
  }

  private static Process portForward(String pod) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(LocalCluster.BIN_DIR.resolve("kubectl").toString());
    command.addAll(
        List.of("port-forward", "-n", namespace, "--address", "127.0.0.1", "pod/" + pod, ":8080"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("KUBECONFIG", LocalCluster.kubeconfig().toString());
    return builder.start();
  }

  /** The local port kubectl announces once the kubelet's stream is set up. */
  private static int forwardedPort(Process forward)
      throws InterruptedException, ExecutionException, TimeoutException {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    StringBuilder printed = new StringBuilder();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(forward.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  printed.append(line).append('\n');
                  Matcher m = FORWARDING.matcher(line);
                  if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                }
                port.completeExceptionally(
                    new IllegalStateException("kubectl port-forward ended:\n" + printed));
              } catch (IOException e) {
                port.completeExceptionally(new UncheckedIOException(e));
              }
            });
    return port.get(60, TimeUnit.SECONDS);
  }
}
