package dev.managedapi.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.api.v1alpha1.FailureReport;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ManagedApiStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A ConfigMap change reaches running pods on the real node: the operator rolls them, the new
 * containers read the new value at start, and when that value breaks the API the failure names the
 * configuration as what changed since the last healthy revision. With snapshots, the rollback
 * brings back the old values with the old pods.
 */
class ConfigRolloutE2E {

  @RegisterExtension
  static final ClusterOperator cluster = ClusterOperator.inNewNamespace("e2e-config");

  /** Start, prove healthy for the stabilization period, roll, start again and crash. */
  private static final Duration ROLLED_AND_CRASHED = Duration.ofSeconds(300);

  @Test
  void aBadConfigMapChangeRollsThePodsCrashLoopsAndIsRolledBackToTheOldValues() {
    kubectlApply(
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {GREETING: hello}
        """);
    kubectlApply(
        """
        apiVersion: managedapi.dev/v1alpha1
        kind: ManagedApi
        metadata: {name: configured}
        spec:
          image: ghcr.io/managedapi/api-service:0.1.0
          resources:
            requests: {cpu: 50m, memory: 128Mi}
          envFrom: [{configMapRef: {name: settings}}]
          config: {snapshot: true}
          restartBudget: {maxRestarts: 2, window: 10m, action: Rollback, stabilizationPeriod: 10s}
        """);
    await().atMost(ROLLED_AND_CRASHED).until(() -> status().getLastHealthyRevision() != null);

    // A bad value in the ConfigMap: only new containers read it, so a crash proves the roll.
    LocalCluster.kubectl(
            "patch",
            "configmap",
            "settings",
            "-n",
            cluster.namespace(),
            "--type",
            "merge",
            "-p",
            "{\"data\":{\"CHAOS_CRASH_ON_START_EXIT_CODE\":\"7\"}}")
        .succeeded();

    FailureReport failure =
        await()
            .atMost(ROLLED_AND_CRASHED)
            .until(
                () -> status().getLastFailure(),
                f -> f != null && Integer.valueOf(7).equals(f.exitCode()));
    assertThat(failure.message()).contains("CHAOS_CRASH_ON_START_EXIT_CODE=7");
    assertThat(failure.changesSinceHealthy())
        .contains("content of a referenced ConfigMap or Secret changed");

    // The healthy revision reads its own copy of the old content: its pods start and serve.
    await()
        .atMost(ROLLED_AND_CRASHED)
        .until(
            () ->
                LocalCluster.kubectl("get", "managedapi", "configured", "-n", cluster.namespace())
                    .output(),
            row -> row.matches("(?s).*configured\\s+1/1\\s+RolledBack\\s.*"));
    assertThat(
            LocalCluster.kubectl(
                    "get", "configmap", "settings", "-n", cluster.namespace(), "-o", "yaml")
                .output())
        .contains("managedapi.dev/referenced: \"true\"");
  }

  private static void kubectlApply(String manifest) {
    LocalCluster.kubectlWithInput(manifest, "apply", "-n", cluster.namespace(), "-f", "-")
        .succeeded();
  }

  private static ManagedApiStatus status() {
    ManagedApi api =
        cluster
            .client()
            .resources(ManagedApi.class)
            .inNamespace(cluster.namespace())
            .withName("configured")
            .get();
    return api == null || api.getStatus() == null ? new ManagedApiStatus() : api.getStatus();
  }
}
