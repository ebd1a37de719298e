package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.api.v1alpha1.FailureReport;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.restarts.LogReads;
import dev.managedapi.operator.testing.MutableClock;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Restart budgets, crash-loop diagnosis and remediation against a real kube-apiserver, with pod
 * statuses written field by field as a kubelet writes them. The operator's clock is the test's, so
 * window edges are reached without waiting.
 */
@EnableKubeAPIServer
class RestartBudgetIT {

  static KubernetesClient client;
  static MutableClock clock = new MutableClock();
  static OperatorUnderTest operator;

  @BeforeAll
  static void startOperator() {
    Crds.install(client);
    operator = OperatorUnderTest.start(client, clock);
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void aCrashLoopShowsAtOnceWithItsRootCause() {
    var apis = new ManagedApis(client, "crash");
    apis.create("orders", "image: ghcr.io/acme/orders:1.4.2");
    var cluster = new ControllerSimulator(client, "crash");
    Pod pod = cluster.rollOut("orders").getFirst();
    apis.awaitCondition("orders", "Ready", "True", "Ready");

    cluster.crash(
        pod.getMetadata().getName(),
        1,
        "Error",
        "panic: listen tcp :8080: bind: address already in use");

    apis.awaitCondition("orders", "CrashLooping", "True", "CrashLoopBackOff");
    // The log is read beside the report and added to it once the API server has answered.
    ManagedApi looping =
        apis.awaitStatus(
            "orders",
            a -> !LogReads.PENDING.equals(a.getStatus().getLastFailure().logTailUnavailable()));
    FailureReport failure = looping.getStatus().getLastFailure();
    assertThat(failure.pod()).isEqualTo(pod.getMetadata().getName());
    assertThat(failure.container()).isEqualTo("api");
    assertThat(failure.reason()).isEqualTo("Error");
    assertThat(failure.exitCode()).isEqualTo(1);
    assertThat(failure.message())
        .isEqualTo("panic: listen tcp :8080: bind: address already in use");
    assertThat(failure.restartCount()).isEqualTo(1);
    // No kubelet serves logs here; the status says so instead of staying silent.
    assertThat(failure.logTailUnavailable()).startsWith("the API server could not return the log");
    assertThat(looping.getStatus().getRestarts()).isEqualTo("1/10");
    assertThat(ManagedApis.condition(looping, "Ready").orElseThrow().getReason())
        .isEqualTo("CrashLooping");
    assertThat(ManagedApis.condition(looping, "CrashLooping").orElseThrow().getMessage())
        .contains("Container api of pod " + pod.getMetadata().getName() + ": Error (exit code 1)")
        .contains("bind: address already in use");
    await().until(() -> events("crash").contains("CrashLoopDetected"));
  }

  @Test
  void anOutOfMemoryKillIsNamedWithItsSignal() {
    var apis = new ManagedApis(client, "oom");
    apis.create("orders", "image: ghcr.io/acme/orders:1.4.2");
    var cluster = new ControllerSimulator(client, "oom");
    Pod pod = cluster.rollOut("orders").getFirst();

    cluster.crash(pod.getMetadata().getName(), 137, "OOMKilled", null);

    ManagedApi looping = apis.awaitCondition("orders", "CrashLooping", "True", null);
    assertThat(looping.getStatus().getLastFailure().reason()).isEqualTo("OOMKilled");
    assertThat(looping.getStatus().getLastFailure().exitCode()).isEqualTo(137);
    assertThat(looping.getStatus().getLastFailure().signal()).isEqualTo(9);
  }

  @Test
  void restartsAreCountedOnceAcrossOperatorRestartsAndPodDeletion() {
    var apis = new ManagedApis(client, "ledger");
    apis.create("orders", "image: ghcr.io/acme/orders:1.4.2\nreplicas: 2");
    var cluster = new ControllerSimulator(client, "ledger");
    List<Pod> pods = cluster.rollOut("orders");
    String first = pods.get(0).getMetadata().getName();
    String second = pods.get(1).getMetadata().getName();

    cluster.crash(first, 1, "Error", "boom");
    cluster.restart(first);
    cluster.crash(first, 1, "Error", "boom");
    apis.awaitStatus("orders", api -> "2/10".equals(api.getStatus().getRestarts()));

    operator.close();
    operator = OperatorUnderTest.start(client, clock);
    cluster.touch(first);
    apis.awaitStatus(
        "orders",
        api ->
            api.getStatus().getObservedGeneration() == 1L
                && api.getStatus().getRestartBudget().containers().size() == 2);
    assertThat(apis.get("orders").getStatus().getRestarts()).isEqualTo("2/10");

    cluster.deletePod(first);
    cluster.crash(second, 2, "Error", "boom");
    ManagedApi after =
        apis.awaitStatus("orders", api -> "3/10".equals(api.getStatus().getRestarts()));
    assertThat(after.getStatus().getRestartBudget().containers())
        .extracting(c -> c.pod())
        .containsExactly(second);
  }

  @Test
  void restartsLeaveTheWindowWhenItsTimeIsUp() {
    var apis = new ManagedApis(client, "window");
    apis.create("orders", "image: ghcr.io/acme/orders:1.4.2\nrestartBudget: {window: 30m}");
    var cluster = new ControllerSimulator(client, "window");
    String pod = cluster.rollOut("orders").getFirst().getMetadata().getName();
    cluster.crash(pod, 1, "Error", "boom");
    apis.awaitStatus("orders", api -> "1/10".equals(api.getStatus().getRestarts()));

    clock.advance(Duration.ofMinutes(31));
    cluster.touch(pod);

    ManagedApi later =
        apis.awaitStatus("orders", api -> "0/10".equals(api.getStatus().getRestarts()));
    assertThat(later.getStatus().getRestartBudget().recentRestarts()).isEmpty();
  }

  @Test
  void alertReportsAnExhaustedBudgetAndLeavesThePodsAlone() {
    var apis = new ManagedApis(client, "alert");
    apis.create(
        "orders",
        "image: ghcr.io/acme/orders:1.4.2\nreplicas: 2\nrestartBudget: {maxRestarts: 1, action: Alert}");
    var cluster = new ControllerSimulator(client, "alert");
    String pod = cluster.rollOut("orders").getFirst().getMetadata().getName();

    crashTimes(cluster, pod, 2);

    ManagedApi exhausted =
        apis.awaitCondition("orders", "RestartBudgetExhausted", "True", "Alerted");
    assertThat(exhausted.getStatus().getRestarts()).isEqualTo("2/1");
    assertThat(ManagedApis.condition(exhausted, "Ready").orElseThrow().getReason())
        .isEqualTo("RestartBudgetExhausted");
    assertThat(cluster.awaitDeployment("orders").getSpec().getReplicas()).isEqualTo(2);
    await().until(() -> events("alert").contains("RestartBudgetExhausted"));
  }

  @Test
  void suspendScalesToZeroUntilTheSpecChanges() {
    var apis = new ManagedApis(client, "suspend-action");
    apis.create(
        "orders",
        "image: ghcr.io/acme/orders:1.4.2\nreplicas: 2\nrestartBudget: {maxRestarts: 1, action: Suspend}");
    var cluster = new ControllerSimulator(client, "suspend-action");
    String pod = cluster.rollOut("orders").getFirst().getMetadata().getName();

    crashTimes(cluster, pod, 2);

    apis.awaitCondition("orders", "RestartBudgetExhausted", "True", "Suspended");
    await().until(() -> cluster.awaitDeployment("orders").getSpec().getReplicas() == 0);
    assertThat(apis.get("orders").getStatus().getRemediation().message())
        .isEqualTo(
            "2 restarts in 1h exceed the budget of 1; suspended, change the spec to resume.");

    apis.edit("orders", api -> api.getSpec().setImage("ghcr.io/acme/orders:1.4.3"));

    await().until(() -> cluster.awaitDeployment("orders").getSpec().getReplicas() == 2);
    ManagedApi resumed =
        apis.awaitCondition("orders", "RestartBudgetExhausted", "False", "WithinBudget");
    assertThat(resumed.getStatus().getRemediation()).isNull();
    assertThat(resumed.getStatus().getRestarts()).isEqualTo("0/1");
  }

  @Test
  void rollbackReturnsToTheLastHealthyRevisionAndSuspendsIfThatCrashesToo() {
    var apis = new ManagedApis(client, "rollback");
    apis.create(
        "orders",
        "image: ghcr.io/acme/orders:1.0.0\nrestartBudget: {maxRestarts: 1, action: Rollback, stabilizationPeriod: 10s}");
    var cluster = new ControllerSimulator(client, "rollback");
    String healthyPod = cluster.rollOut("orders").getFirst().getMetadata().getName();
    ManagedApi proven =
        apis.awaitProvenHealthy("orders", cluster, healthyPod, clock, Duration.ofSeconds(10));
    String healthyHash = proven.getStatus().getLastHealthyRevision().templateHash();

    apis.edit("orders", api -> api.getSpec().setImage("ghcr.io/acme/orders:2.0.0-broken"));
    await()
        .until(() -> cluster.deploymentImage("orders"), "ghcr.io/acme/orders:2.0.0-broken"::equals);
    String brokenPod = cluster.rollOut("orders").getFirst().getMetadata().getName();
    crashTimes(cluster, brokenPod, 2);

    ManagedApi rolledBack = apis.awaitCondition("orders", "RolledBack", "True", "RolledBack");
    assertThat(rolledBack.getStatus().getRemediation().rolledBackTo()).isEqualTo(healthyHash);
    assertThat(rolledBack.getStatus().getLastFailure().changesSinceHealthy())
        .as("what the release changed, beside its crash")
        .containsExactly("image 1.0.0 → 2.0.0-broken");
    assertThat(rolledBack.getStatus().getRemediation().message())
        .contains("undoing: image 1.0.0 → 2.0.0-broken");
    assertThat(rolledBack.getSpec().getImage())
        .as("the spec is left alone")
        .isEqualTo("ghcr.io/acme/orders:2.0.0-broken");
    await().until(() -> cluster.deploymentImage("orders"), "ghcr.io/acme/orders:1.0.0"::equals);
    String restoredPod = cluster.rollOut("orders").getFirst().getMetadata().getName();
    ManagedApi ready = apis.awaitCondition("orders", "Ready", "True", "RolledBack");
    assertThat(ready.getStatus().getImage()).isEqualTo("ghcr.io/acme/orders:1.0.0");
    await().until(() -> events("rollback").contains("RolledBack"));

    crashTimes(cluster, restoredPod, 2);

    apis.awaitCondition("orders", "RestartBudgetExhausted", "True", "Suspended");
    await().until(() -> cluster.awaitDeployment("orders").getSpec().getReplicas() == 0);
    assertThat(apis.get("orders").getStatus().getRemediation().message()).contains("crashed too");
    ManagedApi healthyCrashed =
        apis.awaitStatus(
            "orders", api -> restoredPod.equals(api.getStatus().getLastFailure().pod()));
    assertThat(healthyCrashed.getStatus().getLastFailure().changesSinceHealthy())
        .as("the healthy revision's own crash has no change to blame")
        .isNull();
    await().until(() -> events("rollback").contains("RollbackFailed"));
  }

  @Test
  void rollbackWithNoHealthyRevisionSuspends() {
    var apis = new ManagedApis(client, "no-history");
    apis.create(
        "orders",
        "image: ghcr.io/acme/orders:1.0.0\nrestartBudget: {maxRestarts: 1, action: Rollback}");
    var cluster = new ControllerSimulator(client, "no-history");
    String pod = cluster.rollOut("orders").getFirst().getMetadata().getName();

    crashTimes(cluster, pod, 2);

    ManagedApi suspended =
        apis.awaitCondition("orders", "RestartBudgetExhausted", "True", "Suspended");
    assertThat(suspended.getStatus().getRemediation().message())
        .contains("no revision has been healthy yet");
  }

  private static void crashTimes(ControllerSimulator cluster, String pod, int times) {
    for (int i = 0; i < times; i++) {
      cluster.crash(pod, 1, "Error", "boom");
      cluster.restart(pod);
    }
  }

  private static List<String> events(String namespace) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .map(e -> e.getReason())
        .toList();
  }
}
