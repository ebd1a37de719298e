package dev.managedapi.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.it.OperatorUnderTest;
import dev.managedapi.operator.it.PluginBinary;
import dev.managedapi.operator.it.Processes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `kubectl managedapi` as users run it: through the real kubectl's plugin lookup on the PATH,
 * against the local cluster, where the deployment controller makes the ReplicaSets, the real node
 * runs api-service and its crash loop is the JVM exiting (CHAOS_CRASH_ON_START_EXIT_CODE), so why
 * shows the log tail the kubelet served. Also the bar: status within 300 ms here.
 */
class PluginE2E {

  static KubernetesClient client;
  static String namespace;
  static OperatorUnderTest operator;
  static Path pluginDir;

  @BeforeAll
  static void start() {
    client = LocalCluster.connect();
    pluginDir = PluginBinary.build().getParent();
    LocalCluster.kubectl("apply", "--server-side", "-f", "crds/").succeeded();
    namespace = LocalCluster.restrictedNamespace(client, "e2e-plugin");
    operator = OperatorUnderTest.watching(client, Set.of(namespace));
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
      client.namespaces().withName(namespace).delete();
      client.close();
    }
  }

  @Test
  void statusWhyAndRollbackOfARealCrashLoop() {
    apply(
        """
        apiVersion: managedapi.dev/v1alpha1
        kind: ManagedApi
        metadata: {name: checkout}
        spec:
          image: ghcr.io/managedapi/api-service:0.1.0
          restartBudget: {maxRestarts: 2, window: 5m, action: Rollback, stabilizationPeriod: 10s}
        """);
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> api().getStatus() != null && api().getStatus().getLastHealthyRevision() != null);
    assertThat(plugin("status", "checkout"))
        .containsPattern("ManagedApi " + namespace + "/checkout  Ready  1/1 ready")
        .containsPattern(
            "ReplicaSet checkout-\\w+  revision 1  ghcr.io/managedapi/api-service:0.1.0")
        .contains("(current, last healthy)")
        .containsPattern("Pod checkout-\\w+-\\w+  Running  ready  0 restarts");

    LocalCluster.patchManagedApi(
            namespace,
            "checkout",
            "{\"spec\":{\"image\":\"ghcr.io/managedapi/api-service:0.2.0\","
                + "\"env\":[{\"name\":\"CHAOS_CRASH_ON_START_EXIT_CODE\",\"value\":\"3\"}]}}")
        .succeeded();
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () -> plugin("why", "checkout"),
            why -> why.contains("Exit code      3") && why.contains("  │ "));
    // The operator's own change list (status.lastFailure.changesSinceHealthy) or the plugin's
    // comparison of the recorded spec: either names the new image.
    assertThat(plugin("why", "checkout"))
        .contains("CHAOS_CRASH_ON_START_EXIT_CODE=3")
        .containsPattern("Changed +since the last healthy revision \\w+:")
        .containsPattern("(?m)^  - image\\b.*0\\.2\\.0");

    await()
        .atMost(Duration.ofSeconds(180))
        .until(
            () -> plugin("status", "checkout"),
            status ->
                status.contains("  RolledBack  1/1 ready")
                    && Pattern.compile(
                            "ReplicaSet checkout-\\w+  revision 3  .*\\(current, last healthy\\)")
                        .matcher(status)
                        .find());

    assertThat(plugin("rollback", "checkout"))
        .startsWith("managedapi/checkout rolled back to revision ")
        .contains("spec.image, spec.env restored");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> plugin("status", "checkout"), status -> status.contains("  Ready  1/1 ready"));
    assertThat(api().getSpec().getImage()).isEqualTo("ghcr.io/managedapi/api-service:0.1.0");
    assertThat(api().getStatus().getRemediation()).isNull();
  }

  @Test
  void statusAnswersWithin300MillisecondsOnTheLocalCluster() {
    apply(
        "apiVersion: managedapi.dev/v1alpha1\nkind: ManagedApi\nmetadata: {name: latency}\n"
            + "spec: {image: ghcr.io/managedapi/api-service:0.1.0}\n");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> plugin("status", "latency").contains("Pod "));

    String output =
        LocalCluster.run(
                List.of("bench/plugin/status-latency.sh", "latency", "-n", namespace, "20"),
                Duration.ofMinutes(2))
            .succeeded()
            .output();
    System.out.println(output.strip());
    var median = Pattern.compile("median (\\d+) ms").matcher(output);
    assertThat(median.find()).as(output).isTrue();
    assertThat(Integer.parseInt(median.group(1))).as("median of 20 runs, in ms").isLessThan(300);
  }

  private static void apply(String manifest) {
    LocalCluster.kubectlWithInput(manifest, "apply", "-n", namespace, "-f", "-").succeeded();
  }

  private static ManagedApi api() {
    return client.resources(ManagedApi.class).inNamespace(namespace).withName("checkout").get();
  }

  /** `kubectl managedapi ARGS -n NAMESPACE`, found by kubectl on the PATH as users install it. */
  private static String plugin(String... args) {
    List<String> command =
        new ArrayList<>(List.of(LocalCluster.BIN_DIR.resolve("kubectl").toString(), "managedapi"));
    command.addAll(List.of(args));
    command.addAll(List.of("-n", namespace));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("KUBECONFIG", LocalCluster.kubeconfig().toString());
    builder.environment().merge("PATH", pluginDir.toString(), (path, dir) -> dir + ":" + path);
    var result = Processes.run(builder, Duration.ofSeconds(30));
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.output();
  }
}
