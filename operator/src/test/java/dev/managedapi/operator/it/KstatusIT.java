package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.config.Shard;
import dev.managedapi.operator.testing.MutableClock;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What GitOps tools make of a ManagedApi in each state a user meets, on a real kube-apiserver with
 * the real operator: kstatus' verdict from its own code (sigs.k8s.io/cli-utils, what Flux and kpt
 * wait on) and the verdict of our Argo CD health check (health-checks/argocd/health.lua in a Lua VM
 * set up as Argo CD's), both from managedapi-health (scripts/build-health-checks.sh) fed the live
 * object as {@code kubectl get -o json} prints it.
 *
 * <p>-Dmanagedapi.healthChecks.samplesDir=&lt;dir&gt; writes each object judged there as
 * &lt;state&gt;.json: the samples the Go tests in health-checks/ judge again.
 */
@EnableKubeAPIServer
class KstatusIT {

  static KubernetesClient client;
  @KubeConfig static String kubeconfig;
  static final MutableClock clock = new MutableClock();
  static OperatorUnderTest operator;
  static Path healthChecks;
  static Kubectl kubectl;

  static final String SAMPLES = System.getProperty("managedapi.healthChecks.samplesDir");
  static final JsonMapper JSON = new JsonMapper();

  @BeforeAll
  static void buildTheCheckAndStartTheOperator() {
    healthChecks = PluginBinary.healthChecks();
    kubectl = new Kubectl(kubeconfig);
    Crds.install(client);
    operator = OperatorUnderTest.start(client, clock);
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  /** Before the operator's first pass there is no status: kstatus' rule makes that Current. */
  @Test
  void aManagedApiNoOperatorHasSeenIsCurrentToKstatusButProgressingToArgoCd() {
    String ns = "kstatus-unseen";
    // A shard no operator runs: the object stays as the API server stored it.
    new ManagedApis(client, ns)
        .create("orders", Map.of(Shard.LABEL, "nobody"), "image: ghcr.io/acme/orders:1.4.2");

    var verdict = judge(ns, "orders", "not-yet-reconciled");
    assertThat(verdict.object().path("status").isMissingNode()).isTrue();
    verdict.assertKstatus("Current", "Resource is current");
    verdict.assertArgoCd("Progressing", "Waiting for the operator to report a status.");
  }

  @Test
  void aStatusOfAnOlderGenerationIsInProgress() {
    String ns = "kstatus-generation";
    var apis = new ManagedApis(client, ns);
    // An operator of its own, stopped after it has reported generation 1.
    var shardOperator = OperatorUnderTest.shard(client, new Shard("generation"));
    try {
      readyApi(apis, Map.of(Shard.LABEL, "generation"), "image: ghcr.io/acme/orders:1.4.2");
    } finally {
      shardOperator.close();
    }
    apis.edit("orders", api -> api.getSpec().setImage("ghcr.io/acme/orders:1.4.3"));

    var verdict = judge(ns, "orders", "generation-behind");
    verdict.assertKstatus(
        "InProgress", "ManagedApi generation is 2, but latest observed generation is 1");
    verdict.assertArgoCd(
        "Progressing",
        "Waiting for the operator to observe generation 2; the status describes generation 1.");
  }

  @Test
  void aReadyApiIsCurrentAndHealthy() {
    String ns = "kstatus-ready";
    readyApi(new ManagedApis(client, ns), "image: ghcr.io/acme/orders:1.4.2\nreplicas: 2");

    var verdict = judge(ns, "orders", "ready");
    verdict.assertKstatus("Current", "Resource is Ready");
    verdict.assertArgoCd("Healthy", "2/2 pods ready.");
  }

  @Test
  void aRolloutUnderWayIsInProgressWithReconcilingsMessage() {
    String ns = "kstatus-rollout";
    var apis = new ManagedApis(client, ns);
    readyApi(apis, "image: ghcr.io/acme/orders:1.4.2");

    // The operator updates the Deployment; no deployment controller rolls it out yet.
    apis.edit("orders", api -> api.getSpec().setImage("ghcr.io/acme/orders:1.5.0"));
    apis.awaitCondition("orders", "Reconciling", "True", "RolloutInProgress");

    var verdict = judge(ns, "orders", "rolling-out");
    String message = verdict.condition("Reconciling").path("message").asText();
    assertThat(message).isEqualTo("Rolling out; 1/1 pods ready.");
    verdict.assertKstatus("InProgress", message);
    verdict.assertArgoCd("Progressing", message);
  }

  /** Within its budget a crash loop may still end by itself: not Failed, not Degraded yet. */
  @Test
  void aCrashLoopWithinItsBudgetIsInProgress() {
    String ns = "kstatus-crash";
    var apis = new ManagedApis(client, ns);
    apis.create("orders", "image: ghcr.io/acme/orders:1.4.2");
    var cluster = new ControllerSimulator(client, ns);
    Pod pod = cluster.rollOutWithReplicaSet("orders").getFirst();
    apis.awaitCondition("orders", "Ready", "True", "Ready");
    cluster.crash(pod.getMetadata().getName(), 1, "Error", "panic: config file not found");
    apis.awaitCondition("orders", "Reconciling", "True", "CrashLooping");

    var verdict = judge(ns, "orders", "crash-looping");
    String message = verdict.condition("Reconciling").path("message").asText();
    assertThat(message).contains("Error (exit code 1)").contains("config file not found");
    verdict.assertKstatus("InProgress", message);
    verdict.assertArgoCd("Progressing", message);
  }

  @Test
  void anExhaustedBudgetWithAlertIsFailedWithTheOperatorsMessage() {
    var exhausted = exhaust("kstatus-alert", "Alert", "Alerted");

    assertFailedWithTheRemediation(judge("kstatus-alert", "orders", "budget-alert"), exhausted);
  }

  @Test
  void anExhaustedBudgetWithSuspendIsFailedAndDegradedNotSuspended() {
    var exhausted = exhaust("kstatus-suspend", "Suspend", "Suspended");
    var cluster = new ControllerSimulator(client, "kstatus-suspend");
    await().until(() -> cluster.awaitDeployment("orders").getSpec().getReplicas() == 0);

    var verdict = judge("kstatus-suspend", "orders", "budget-suspend");
    assertThat(verdict.object().path("status").path("remediation").path("message").asText())
        .isEqualTo(
            "2 restarts in 1h exceed the budget of 1; suspended, change the spec to resume.");
    assertFailedWithTheRemediation(verdict, exhausted);
  }

  /**
   * A ManagedApi whose one pod crashes twice against a budget of one restart with {@code action};
   * returned once RestartBudgetExhausted is True with {@code reason}.
   */
  private static ManagedApi exhaust(String namespace, String action, String reason) {
    var apis = new ManagedApis(client, namespace);
    apis.create(
        "orders",
        "image: ghcr.io/acme/orders:1.4.2\nrestartBudget: {maxRestarts: 1, action: %s}"
            .formatted(action));
    var cluster = new ControllerSimulator(client, namespace);
    crashTwice(cluster, cluster.rollOutWithReplicaSet("orders").getFirst());
    return apis.awaitCondition("orders", "RestartBudgetExhausted", "True", reason);
  }

  /**
   * After a rollback the API serves (Ready=True, reason RolledBack), but not the spec's revision:
   * nothing gets there without a spec change, so kstatus says Failed and Argo CD Degraded.
   */
  @Test
  void anExhaustedBudgetWithRollbackIsFailedWhileTheOldRevisionServes() {
    String ns = "kstatus-rollback";
    var apis = new ManagedApis(client, ns);
    apis.create(
        "orders",
        "image: ghcr.io/acme/orders:1.0.0\n"
            + "restartBudget: {maxRestarts: 1, action: Rollback, stabilizationPeriod: 10s}");
    var cluster = new ControllerSimulator(client, ns);
    Pod healthy = cluster.rollOutWithReplicaSet("orders").getFirst();
    apis.awaitProvenHealthy(
        "orders", cluster, healthy.getMetadata().getName(), clock, Duration.ofSeconds(10));

    apis.edit("orders", api -> api.getSpec().setImage("ghcr.io/acme/orders:2.0.0-broken"));
    await()
        .until(() -> cluster.deploymentImage("orders"), "ghcr.io/acme/orders:2.0.0-broken"::equals);
    crashTwice(cluster, cluster.rollOutWithReplicaSet("orders").getFirst());
    apis.awaitCondition("orders", "RolledBack", "True", "RolledBack");
    await().until(() -> cluster.deploymentImage("orders"), "ghcr.io/acme/orders:1.0.0"::equals);
    cluster.rollOutWithReplicaSet("orders");
    ManagedApi serving = apis.awaitCondition("orders", "Ready", "True", "RolledBack");

    var verdict = judge(ns, "orders", "budget-rollback");
    assertThat(verdict.condition("Stalled").path("reason").asText()).isEqualTo("RolledBack");
    assertThat(verdict.object().path("spec").path("image").asText())
        .isEqualTo("ghcr.io/acme/orders:2.0.0-broken");
    assertFailedWithTheRemediation(verdict, serving);
  }

  /**
   * Suspended as the user asked: Argo CD's Suspended. kstatus has no such state and falls back to
   * Ready=False, InProgress, for as long as it stays suspended.
   */
  @Test
  void suspendedBySpecIsSuspendedToArgoCdAndInProgressToKstatus() {
    String ns = "kstatus-suspended";
    var apis = new ManagedApis(client, ns);
    var cluster = readyApi(apis, "image: ghcr.io/acme/orders:1.4.2");
    apis.edit("orders", api -> api.getSpec().setSuspend(true));
    await().until(() -> cluster.awaitDeployment("orders").getSpec().getReplicas() == 0);
    cluster.reportRolledOut("orders", 0);
    apis.awaitStatus(
        "orders",
        api ->
            "0/0".equals(api.getStatus().getReady())
                && ManagedApis.condition(api, "Ready")
                    .filter(c -> "Suspended".equals(c.getReason()))
                    .isPresent());

    var verdict = judge(ns, "orders", "suspended-by-spec");
    String message = verdict.condition("Ready").path("message").asText();
    assertThat(message).isEqualTo("Suspended by spec.suspend; 0/0 pods ready.");
    verdict.assertKstatus("InProgress", message);
    verdict.assertArgoCd("Suspended", message);
  }

  /**
   * The acceptance of issue 11: kstatus reports Failed with the operator's own sentence for the
   * exhausted budget, the one in status.remediation, Stalled and Ready; Argo CD Degraded with it.
   */
  private static void assertFailedWithTheRemediation(Verdict verdict, ManagedApi observed) {
    String remediation = observed.getStatus().getRemediation().message();
    assertThat(verdict.condition("Stalled").path("status").asText()).isEqualTo("True");
    assertThat(verdict.condition("Stalled").path("message").asText()).isEqualTo(remediation);
    verdict.assertKstatus("Failed", remediation);
    verdict.assertArgoCd("Degraded", remediation);
  }

  private static void crashTwice(ControllerSimulator cluster, Pod pod) {
    for (int i = 0; i < 2; i++) {
      cluster.crash(pod.getMetadata().getName(), 1, "Error", "boom");
      cluster.restart(pod.getMetadata().getName());
    }
  }

  /** Creates the ManagedApi, rolls its pods out and waits for it to be Ready. */
  private static ControllerSimulator readyApi(ManagedApis apis, String specYaml) {
    return readyApi(apis, Map.of(), specYaml);
  }

  private static ControllerSimulator readyApi(
      ManagedApis apis, Map<String, String> labels, String specYaml) {
    apis.create("orders", labels, specYaml);
    var cluster = new ControllerSimulator(client, apis.get("orders").getMetadata().getNamespace());
    cluster.rollOutWithReplicaSet("orders");
    apis.awaitCondition("orders", "Ready", "True", "Ready");
    return cluster;
  }

  /**
   * Runs managedapi-health on the live object as kubectl prints it, and keeps that object as a
   * sample when asked to.
   */
  private static Verdict judge(String namespace, String name, String state) {
    var get = kubectl.run("", "get", "managedapi", name, "-n", namespace, "-o", "json");
    assertThat(get.exitCode()).as(get.output()).isZero();
    var run =
        Processes.run(
            new ProcessBuilder(healthChecks.toString()), Duration.ofSeconds(30), get.output());
    assertThat(run.exitCode()).as(run.output()).isZero();
    if (SAMPLES != null) {
      try {
        Files.createDirectories(Path.of(SAMPLES));
        Files.writeString(Path.of(SAMPLES, state + ".json"), get.output());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      JsonNode line = JSON.readTree(run.output());
      assertThat(line.path("name").asText()).isEqualTo(name);
      return new Verdict(JSON.readTree(get.output()), line.path("kstatus"), line.path("argocd"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The object judged, and what each tool said of it. */
  record Verdict(JsonNode object, JsonNode kstatus, JsonNode argocd) {

    void assertKstatus(String status, String message) {
      assertThat(kstatus.path("status").asText()).as("kstatus: %s", kstatus).isEqualTo(status);
      assertThat(kstatus.path("message").asText()).as("kstatus: %s", kstatus).isEqualTo(message);
    }

    void assertArgoCd(String status, String message) {
      assertThat(argocd.path("status").asText()).as("Argo CD: %s", argocd).isEqualTo(status);
      assertThat(argocd.path("message").asText()).as("Argo CD: %s", argocd).isEqualTo(message);
    }

    JsonNode condition(String type) {
      for (JsonNode c : object.path("status").path("conditions")) {
        if (type.equals(c.path("type").asText())) {
          return c;
        }
      }
      throw new AssertionError("no " + type + " condition in " + object);
    }
  }
}
