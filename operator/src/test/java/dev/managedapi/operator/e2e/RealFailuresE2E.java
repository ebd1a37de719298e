package dev.managedapi.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.api.v1alpha1.FailureReport;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.restarts.LogReads;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The failures a real kubelet reports, each with the cause the operator puts in status.lastFailure
 * and `kubectl get managedapis -o wide`: nothing here is written by a simulation. The kernel's OOM
 * killer ends a container over its memory limit, the kubelet kills one whose liveness probe fails,
 * an init container exits non-zero, and runc cannot start a command that does not exist.
 */
class RealFailuresE2E {

  @RegisterExtension
  static final ClusterOperator cluster = ClusterOperator.inNewNamespace("e2e-failures");

  /** A JVM takes up to a minute to start on a busy 2-core node before it can fail at all. */
  private static final Duration FIRST_FAILURE = Duration.ofSeconds(240);

  @Test
  void aContainerOverItsMemoryLimitIsReportedOomKilledWithWhatItWrote() {
    // Direct memory above the limit, so the kernel's OOM killer ends the process before the JVM's
    // own heap limit does (which would exit 3 instead).
    apply(
        "hungry",
        """
          resources:
            requests: {cpu: 50m, memory: 128Mi}
            limits: {memory: 256Mi}
          env:
          - {name: CHAOS_OOM, value: "true"}
          - {name: JAVA_TOOL_OPTIONS, value: "-XX:MaxDirectMemorySize=1g"}
        """);

    FailureReport failure = awaitFailure("hungry", "OOMKilled");

    assertThat(failure.container()).isEqualTo("api");
    assertThat(failure.exitCode()).isEqualTo(137);
    assertThat(failure.signal()).isEqualTo(9);
    assertThat(failure.message()).contains("CHAOS_OOM: allocating memory until the process dies");
    // What the killed JVM printed, read back through the kubelet. Only the JVM's own first line
    // made it: the kernel killed the process before its logger flushed the CHAOS_OOM warning.
    assertThat(failure.logTail())
        .contains("Picked up JAVA_TOOL_OPTIONS: -XX:MaxDirectMemorySize=1g");
    assertThat(wideRow("hungry")).containsPattern("hungry\\s.*\\sapi\\s+OOMKilled\\s+137\\b");
  }

  @Test
  void aLivenessProbeKillIsNamedWithTheKubeletsWordsWhateverTheExit() {
    // The startup probe looks at readiness, which CHAOS_FAIL_LIVENESS leaves UP, so the container
    // starts and then the liveness probe (2 s apart, 2 failures) has the kubelet kill it.
    apply(
        "wedged",
        """
          resources:
            requests: {cpu: 50m, memory: 128Mi}
          env: [{name: CHAOS_FAIL_LIVENESS, value: "true"}]
          health: {startupPath: /health/readiness, periodSeconds: 2, timeoutSeconds: 2,
                   failureThreshold: 2}
        """);

    FailureReport failure = awaitFailure("wedged", "LivenessProbeFailed");

    assertThat(failure.container()).isEqualTo("api");
    // The kubelet's words: its probe failure ("Liveness probe failed: HTTP probe failed with
    // statuscode: 503") when its event is found, else its kill ("failed liveness probe").
    assertThat(failure.message()).containsIgnoringCase("liveness probe");
    assertThat(wideRow("wedged")).containsPattern("wedged\\s.*\\sapi\\s+LivenessProbeFailed\\s");
  }

  @Test
  void aFailingInitContainerIsNamedAndHoldsTheApiBack() {
    apply(
        "migrating",
        """
          resources:
            requests: {cpu: 50m, memory: 128Mi}
          initContainers:
          - name: migrate
            image: ghcr.io/managedapi/api-service:0.1.0
            resources:
              requests: {cpu: 50m, memory: 128Mi}
            env: [{name: CHAOS_CRASH_ON_START_EXIT_CODE, value: "4"}]
        """);

    FailureReport failure = awaitFailure("migrating", "Error");

    assertThat(failure.container()).isEqualTo("migrate");
    assertThat(failure.exitCode()).isEqualTo(4);
    assertThat(failure.message()).contains("CHAOS_CRASH_ON_START_EXIT_CODE=4");
    assertThat(wideRow("migrating"))
        .containsPattern("migrating\\s+0/1\\s.*\\smigrate\\s+Error\\s+4");
    await()
        .atMost(FIRST_FAILURE)
        .until(
            () ->
                LocalCluster.kubectl(
                        "get", "pods", "-n", cluster.namespace(), "-l", selector("migrating"))
                    .output(),
            pods -> Pattern.compile("Init:(Error|CrashLoopBackOff)").matcher(pods).find());
  }

  @Test
  void aCommandThatCannotStartIsAStartErrorWithTheRuntimesMessage() {
    apply(
        "misspelt",
        """
          resources:
            requests: {cpu: 50m, memory: 128Mi}
          command: [/no/such/binary]
        """);

    FailureReport failure = awaitFailure("misspelt", "StartError");

    assertThat(failure.container()).isEqualTo("api");
    assertThat(failure.exitCode()).isEqualTo(128);
    assertThat(failure.message()).contains("/no/such/binary").contains("no such file");
    assertThat(wideRow("misspelt")).containsPattern("misspelt\\s.*\\sapi\\s+StartError\\s+128");
  }

  private static void apply(String name, String specTail) {
    String manifest =
        """
        apiVersion: managedapi.dev/v1alpha1
        kind: ManagedApi
        metadata: {name: %s}
        spec:
          image: ghcr.io/managedapi/api-service:0.1.0
          replicas: 1
          restartBudget: {maxRestarts: 10, window: 10m, action: Alert}
        %s"""
            .formatted(name, specTail);
    LocalCluster.kubectlWithInput(manifest, "apply", "-n", cluster.namespace(), "-f", "-")
        .succeeded();
  }

  /** Waits for the kubelet's first report of the failure, as the operator copied it to status. */
  /** The report of a failure for {@code reason}, once its log excerpt (read beside it) is in. */
  private static FailureReport awaitFailure(String name, String reason) {
    return await()
        .atMost(FIRST_FAILURE)
        .until(
            () -> lastFailure(name),
            f ->
                f != null
                    && reason.equals(f.reason())
                    && !LogReads.PENDING.equals(f.logTailUnavailable()));
  }

  private static FailureReport lastFailure(String name) {
    ManagedApi api =
        cluster
            .client()
            .resources(ManagedApi.class)
            .inNamespace(cluster.namespace())
            .withName(name)
            .get();
    return api == null || api.getStatus() == null ? null : api.getStatus().getLastFailure();
  }

  private static String selector(String name) {
    return "app.kubernetes.io/instance=" + name;
  }

  /** The ManagedApi's row of `kubectl get managedapis -o wide`, where a user first looks. */
  private static String wideRow(String name) {
    return LocalCluster.kubectl(
            "get", "managedapi", name, "-n", cluster.namespace(), "-o", "wide", "--no-headers")
        .succeeded()
        .output();
  }
}
