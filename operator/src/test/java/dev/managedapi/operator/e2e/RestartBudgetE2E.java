package dev.managedapi.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.it.OperatorUnderTest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real crash loops on the local cluster's real node: api-service's JVM exits through its own chaos
 * switch (CHAOS_CRASH_ON_START_EXIT_CODE) and the kubelet restarts it with its default back-off.
 * Detection with the cause in `kubectl describe`, and each budget action.
 */
class RestartBudgetE2E {

  static KubernetesClient client;
  static String alert;
  static String suspend;
  static String rollback;
  static OperatorUnderTest operator;

  @BeforeAll
  static void start() {
    client = LocalCluster.connect();
    LocalCluster.kubectl("apply", "--server-side", "-f", "crds/").succeeded();
    alert = LocalCluster.restrictedNamespace(client, "e2e-alert");
    suspend = LocalCluster.restrictedNamespace(client, "e2e-suspend");
    rollback = LocalCluster.restrictedNamespace(client, "e2e-rollback");
    operator = OperatorUnderTest.watching(client, Set.of(alert, suspend, rollback));
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
      for (String namespace : new String[] {alert, suspend, rollback}) {
        client.namespaces().withName(namespace).delete();
      }
      client.close();
    }
  }

  @Test
  void aCrashLoopIsDetectedWithItsCauseAndAlertLeavesThePodsRunning() {
    apply(alert, "crashing", "Alert", true);

    await().atMost(Duration.ofSeconds(60)).until(() -> crashLooping(alert, "crashing"));
    String describe =
        LocalCluster.kubectl("describe", "managedapi", "crashing", "-n", alert).output();
    assertThat(describe)
        .containsPattern("Type:\\s+CrashLooping")
        .containsPattern("Reason:\\s+Error")
        .containsPattern("Exit Code:\\s+3")
        .contains("CHAOS_CRASH_ON_START_EXIT_CODE=3: exiting at startup")
        .containsPattern("Warning\\s+CrashLoopDetected");
    // The kubelet serves the crashed instance's log: what the process printed before it exited,
    // added to the report once it has arrived.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(statusOf(alert, "crashing").getStatus().getLastFailure().logTail())
                    .contains("CHAOS_CRASH_ON_START_EXIT_CODE=3"));

    awaitGet(alert, "crashing\\s+\\S+\\s+RestartBudgetExhausted\\s+[3-9]/2");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(alert)
                .withName("crashing")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(1);
  }

  @Test
  void suspendStopsTheCrashingApi() {
    apply(suspend, "crashing", "Suspend", true);

    awaitGet(suspend, "crashing\\s+0/0\\s+RestartBudgetExhausted");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(suspend)
                .withName("crashing")
                .get()
                .getSpec()
                .getReplicas())
        .isZero();
    assertThat(LocalCluster.kubectl("describe", "managedapi", "crashing", "-n", suspend).output())
        .contains("suspended, change the spec to resume");
  }

  @Test
  void aCrashingNewImageIsRolledBackToThePreviousHealthyOneAndServesAgain() {
    apply(rollback, "payments", "Rollback", false);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> statusOf(rollback, "payments").getStatus().getLastHealthyRevision() != null);

    LocalCluster.patchManagedApi(
            rollback,
            "payments",
            "{\"spec\":{\"image\":\"ghcr.io/managedapi/api-service:0.2.0\","
                + "\"env\":[{\"name\":\"CHAOS_CRASH_ON_START_EXIT_CODE\",\"value\":\"3\"}]}}")
        .succeeded();

    awaitGet(
        rollback, "payments\\s+1/1\\s+RolledBack\\s+0/2\\s+ghcr.io/managedapi/api-service:0.1.0");
    ManagedApi rolledBack = statusOf(rollback, "payments");
    assertThat(rolledBack.getSpec().getImage()).isEqualTo("ghcr.io/managedapi/api-service:0.2.0");
    assertThat(rolledBack.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    assertThat(LocalCluster.kubectl("get", "events", "-n", rollback).output())
        .contains("RolledBack");
    // What the release changed, named in status and in what the rollback says it undid.
    assertThat(rolledBack.getStatus().getLastFailure().changesSinceHealthy())
        .containsExactly("image 0.1.0 → 0.2.0", "env CHAOS_CRASH_ON_START_EXIT_CODE=3 added");
    assertThat(LocalCluster.kubectl("describe", "managedapi", "payments", "-n", rollback).output())
        .contains("undoing: image 0.1.0 → 0.2.0; env CHAOS_CRASH_ON_START_EXIT_CODE=3 added");
  }

  private static void apply(String namespace, String name, String action, boolean crashing) {
    String env = crashing ? "  env: [{name: CHAOS_CRASH_ON_START_EXIT_CODE, value: \"3\"}]\n" : "";
    String manifest =
        """
        apiVersion: managedapi.dev/v1alpha1
        kind: ManagedApi
        metadata: {name: %s}
        spec:
          image: ghcr.io/managedapi/api-service:0.1.0
        %s  restartBudget: {maxRestarts: 2, window: 5m, action: %s, stabilizationPeriod: 10s}
        """
            .formatted(name, env, action);
    LocalCluster.kubectlWithInput(manifest, "apply", "-n", namespace, "-f", "-").succeeded();
  }

  private static boolean crashLooping(String namespace, String name) {
    ManagedApi api = statusOf(namespace, name);
    return api != null
        && api.getStatus() != null
        && api.getStatus().getConditions().stream()
            .anyMatch(c -> "CrashLooping".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static ManagedApi statusOf(String namespace, String name) {
    return client.resources(ManagedApi.class).inNamespace(namespace).withName(name).get();
  }

  private static void awaitGet(String namespace, String pattern) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> LocalCluster.kubectl("get", "managedapis", "-n", namespace).output(),
            output -> Pattern.compile(pattern).matcher(output).find());
  }
}
