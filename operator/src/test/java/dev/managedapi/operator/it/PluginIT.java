package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kubectl plugin (kubectl-managedapi), built from this checkout, against a real kube-apiserver
 * with the real operator reconciling and the deployment controller and kubelet played by {@link
 * ControllerSimulator}: what status and why print for a Ready, a crash-looping and a rolled-back
 * ManagedApi (compared with golden files, times and random names normalised), that restart,
 * suspend, resume and rollback patch the spec and the operator acts on it, and that status --watch
 * redraws in a terminal (tmux).
 *
 * <p>-Dmanagedapi.plugin.updateGolden=true rewrites the golden files in src/test/resources/plugin/;
 * every run leaves the raw output in target/plugin-output/.
 */
@EnableKubeAPIServer
class PluginIT {

  static KubernetesClient client;
  @KubeConfig static String kubeconfig;
  static final MutableClock clock = new MutableClock();
  static OperatorUnderTest operator;
  static Path binary;
  static Kubectl plugin;

  static final Path GOLDEN = Path.of("src/test/resources/plugin");
  static final Path RAW = Path.of("target/plugin-output");
  static final boolean UPDATE = Boolean.getBoolean("managedapi.plugin.updateGolden");

  @BeforeAll
  static void buildThePluginAndStartTheOperator() throws IOException {
    Files.deleteIfExists(RAW.resolve("transcript.txt"));
    binary = PluginBinary.build();
    plugin = new Kubectl(binary, kubeconfig);
    Crds.install(client);
    operator = OperatorUnderTest.start(client, clock);
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void aReadyApiShowsItsTreeAndNothingToDo() {
    var apis = new ManagedApis(client, "plugin-ready");
    apis.create(
        "orders",
        "image: ghcr.io/acme/orders:1.4.2\nreplicas: 2\nrestartBudget: {stabilizationPeriod: 10s}");
    var cluster = new ControllerSimulator(client, "plugin-ready");
    Pod pod = cluster.rollOutWithReplicaSet("orders").getFirst();
    provenHealthy(apis, cluster, "orders", pod);

    assertGolden("ready.status", run("plugin-ready", "status", "orders"));
    assertThat(assertGolden("ready.why", run("plugin-ready", "why", "orders")))
        .contains("  Normal HealthyRevisionRecorded, ");
  }

  @Test
  void aCrashLoopShowsItsCauseInTheTreeAndInWhy() {
    var apis = new ManagedApis(client, "plugin-crash");
    apis.create("billing", "image: ghcr.io/acme/billing:0.9.1");
    var cluster = new ControllerSimulator(client, "plugin-crash");
    Pod pod = cluster.rollOutWithReplicaSet("billing").getFirst();
    apis.awaitCondition("billing", "Ready", "True", "Ready");

    cluster.crash(
        pod.getMetadata().getName(),
        1,
        "Error",
        "panic: listen tcp :8080: bind: address already in use");
    cluster.reportReady("billing", 0);
    apis.awaitCondition("billing", "CrashLooping", "True", "CrashLoopBackOff");
    apis.awaitStatus("billing", api -> "0/1".equals(api.getStatus().getReady()));
    await().until(() -> events("plugin-crash").contains("CrashLoopDetected"));

    assertGolden("crashlooping.status", run("plugin-crash", "status", "billing"));
    assertThat(assertGolden("crashlooping.why", run("plugin-crash", "why", "billing")))
        .contains("  Warning CrashLoopDetected, ");
  }

  @Test
  void aRolledBackApiShowsTheRemediationAndRollbackWritesTheHealthySpecBack() {
    String ns = "plugin-rollback";
    var apis = new ManagedApis(client, ns);
    apis.create(
        "checkout",
        "image: ghcr.io/acme/checkout:2.3.0\n"
            + "restartBudget: {maxRestarts: 1, window: 10m, action: Rollback, stabilizationPeriod: 10s}");
    var cluster = new ControllerSimulator(client, ns);
    Pod healthyPod = cluster.rollOutWithReplicaSet("checkout").getFirst();
    String healthyHash = provenHealthy(apis, cluster, "checkout", healthyPod);

    apis.edit(
        "checkout",
        api -> {
          api.getSpec().setImage("ghcr.io/acme/checkout:2.4.0");
          api.getSpec()
              .setEnv(List.of(new io.fabric8.kubernetes.api.model.EnvVar("MODE", "new", null)));
        });
    await().until(() -> cluster.deploymentImage("checkout"), "ghcr.io/acme/checkout:2.4.0"::equals);
    String brokenPod = cluster.rollOutWithReplicaSet("checkout").getFirst().getMetadata().getName();
    // Ten seconds apart, as the kubelet's back-off would have them.
    Instant firstCrash = Instant.now();
    for (int crash = 0; crash < 2; crash++) {
      cluster.crash(brokenPod, 137, "OOMKilled", null, firstCrash.plusSeconds(10L * crash));
      cluster.restart(brokenPod);
    }
    apis.awaitCondition("checkout", "RolledBack", "True", "RolledBack");
    await().until(() -> cluster.deploymentImage("checkout"), "ghcr.io/acme/checkout:2.3.0"::equals);
    cluster.rollOutWithReplicaSet("checkout");
    apis.awaitCondition("checkout", "Ready", "True", "RolledBack");
    await().until(() -> events(ns).contains("RolledBack"));

    assertGolden("rolledback.status", run(ns, "status", "checkout"));
    assertThat(assertGolden("rolledback.why", run(ns, "why", "checkout")))
        .contains("  Warning RolledBack, ");

    String dryRun = run(ns, "rollback", "checkout", "--dry-run");
    assertThat(dryRun)
        .startsWith(
            "PATCH /apis/managedapi.dev/v1alpha1/namespaces/plugin-rollback/managedapis/checkout"
                + " (application/json-patch+json)\n[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\"")
        .contains(
            "{\"op\":\"add\",\"path\":\"/spec/image\",\"value\":\"ghcr.io/acme/checkout:2.3.0\"},"
                + "{\"op\":\"remove\",\"path\":\"/spec/env\"}]")
        .endsWith("(dry run: nothing sent)\n");
    assertThat(apis.get("checkout").getSpec().getImage()).isEqualTo("ghcr.io/acme/checkout:2.4.0");

    String result = run(ns, "rollback", "checkout");
    assertThat(result)
        .isEqualTo(
            "managedapi/checkout rolled back to revision %s (image ghcr.io/acme/checkout:2.3.0):"
                    .formatted(healthyHash)
                + " spec.image, spec.env restored from generation 1\n");
    ManagedApi after = apis.get("checkout");
    assertThat(after.getSpec().getImage()).isEqualTo("ghcr.io/acme/checkout:2.3.0");
    assertThat(after.getSpec().getEnv()).isNull();
    assertThat(after.getSpec().getRestartBudget().getMaxRestarts())
        .as("fields outside the pod template stay")
        .isEqualTo(1);
    // A new generation ends the operator's rollback; the spec now builds the healthy template.
    ManagedApi resolved = apis.awaitCondition("checkout", "RolledBack", "False", null);
    assertThat(resolved.getStatus().getRemediation()).isNull();
    assertThat(resolved.getStatus().getCurrentRevision().templateHash()).isEqualTo(healthyHash);
    assertThat(cluster.templateAnnotation("checkout", "managedapi.dev/template-hash"))
        .as("the pods are not replaced: they already run that template")
        .isEqualTo(healthyHash);
    assertThat(run(ns, "rollback", "checkout"))
        .startsWith(
            "managedapi/checkout already specifies the last healthy revision " + healthyHash);
  }

  @Test
  void rollbackToRevisionReturnsToAnOlderHealthyRevisionByItsControllerRevision() {
    String ns = "plugin-history";
    var apis = new ManagedApis(client, ns);
    apis.create(
        "orders", "image: ghcr.io/acme/orders:1.0.0\nrestartBudget: {stabilizationPeriod: 10s}");
    var cluster = new ControllerSimulator(client, ns);
    String first =
        provenHealthy(apis, cluster, "orders", cluster.rollOutWithReplicaSet("orders").getFirst());
    apis.edit("orders", api -> api.getSpec().setImage("ghcr.io/acme/orders:1.1.0"));
    await().until(() -> cluster.deploymentImage("orders"), "ghcr.io/acme/orders:1.1.0"::equals);
    String second =
        provenHealthy(apis, cluster, "orders", cluster.rollOutWithReplicaSet("orders").getFirst());
    var revisions =
        client.apps().controllerRevisions().inNamespace(ns).list().getItems().stream()
            .filter(r -> r.getMetadata().getName().equals("orders-" + first))
            .toList();
    assertThat(revisions)
        .singleElement()
        .satisfies(
            r -> assertThat(r.getMetadata().getAnnotations()).containsKey("managedapi.dev/spec"));

    var missing = plugin.run("", "-n", ns, "rollback", "orders", "--to-revision", "7");
    transcript("rollback orders --to-revision 7 -n " + ns, missing.output());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.output())
        .isEqualTo(
            ("error: managedapi/orders has no revision 7; kept: 1 (%s, image"
                    + " ghcr.io/acme/orders:1.0.0), 2 (%s, image ghcr.io/acme/orders:1.1.0)\n")
                .formatted(first, second));

    assertThat(run(ns, "rollback", "orders", "--to-revision", "1"))
        .isEqualTo(
            ("managedapi/orders rolled back to revision %s (image ghcr.io/acme/orders:1.0.0):"
                    + " spec.image restored from ControllerRevision orders-%s (revision 1)\n")
                .formatted(first, first));
    assertThat(apis.get("orders").getSpec().getImage()).isEqualTo("ghcr.io/acme/orders:1.0.0");
    await()
        .until(
            () -> cluster.templateAnnotation("orders", "managedapi.dev/template-hash"),
            first::equals);
  }

  @Test
  void restartSuspendAndResumePatchTheSpecAndTheOperatorFollows() {
    String ns = "plugin-actions";
    var apis = new ManagedApis(client, ns);
    var cluster = readyApi(apis, ns, "orders", "image: ghcr.io/acme/orders:1.4.2\nreplicas: 2");

    String restarted = run(ns, "restart", "orders");
    String stamp = apis.get("orders").getSpec().getRestartedAt();
    assertThat(stamp).isNotNull();
    assertThat(restarted)
        .isEqualTo(
            "managedapi/orders restarted: spec.restartedAt=%s, the pods are replaced one by one\n"
                .formatted(stamp));
    await()
        .until(
            () -> cluster.templateAnnotation("orders", "managedapi.dev/restarted-at"),
            stamp::equals);

    assertThat(run(ns, "suspend", "orders"))
        .isEqualTo(
            "managedapi/orders suspended: spec.suspend=true, scaled to zero until resumed\n");
    assertThat(apis.get("orders").getSpec().getSuspend()).isTrue();
    await().until(() -> cluster.awaitDeployment("orders").getSpec().getReplicas() == 0);
    assertThat(run(ns, "suspend", "orders"))
        .isEqualTo("managedapi/orders already suspended (spec.suspend is true)\n");

    assertThat(run(ns, "resume", "orders"))
        .isEqualTo("managedapi/orders resumed: spec.suspend=false\n");
    assertThat(apis.get("orders").getSpec().getSuspend()).isFalse();
    await().until(() -> cluster.awaitDeployment("orders").getSpec().getReplicas() == 2);
    assertThat(run(ns, "resume", "orders")).isEqualTo("managedapi/orders is not suspended\n");
  }

  @Test
  void resumeEndsTheSuspensionOfAnExhaustedBudget() {
    String ns = "plugin-resume";
    var apis = new ManagedApis(client, ns);
    apis.create(
        "orders",
        "image: ghcr.io/acme/orders:1.4.2\nrestartBudget: {maxRestarts: 1, action: Suspend}");
    var cluster = new ControllerSimulator(client, ns);
    String pod = cluster.rollOutWithReplicaSet("orders").getFirst().getMetadata().getName();
    for (int i = 0; i < 2; i++) {
      cluster.crash(pod, 1, "Error", "boom");
      cluster.restart(pod);
    }
    apis.awaitCondition("orders", "RestartBudgetExhausted", "True", "Suspended");
    await().until(() -> cluster.awaitDeployment("orders").getSpec().getReplicas() == 0);

    String resumed = run(ns, "resume", "orders");

    String stamp = apis.get("orders").getSpec().getRestartedAt();
    assertThat(resumed)
        .isEqualTo(
            ("managedapi/orders resumed: spec.restartedAt=%s (ends the operator's suspension after"
                    + " the exhausted restart budget)\n")
                .formatted(stamp));
    await().until(() -> cluster.awaitDeployment("orders").getSpec().getReplicas() == 1);
    assertThat(apis.awaitStatus("orders", api -> api.getStatus().getRemediation() == null))
        .isNotNull();
  }

  @Test
  void statusWatchRedrawsInATerminal() throws Exception {
    if (!PluginBinary.onPath("tmux")) {
      String why =
          "tmux is not installed (Debian: apt-get install tmux); status --watch is not driven";
      assertThat(PluginBinary.REQUIRED).as(why).isFalse();
      Assumptions.abort(why);
    }
    String ns = "plugin-watch";
    var cluster =
        readyApi(new ManagedApis(client, ns), ns, "search", "image: ghcr.io/acme/search:3.1.0");
    Pod pod = client.pods().inNamespace(ns).list().getItems().getFirst();

    // A tmux server of our own (its own socket), so nothing else's sessions are touched.
    String socket = "managedapi-plugin-it-" + ProcessHandle.current().pid();
    try {
      tmux(
          socket,
          "new-session",
          "-d",
          "-x",
          "220",
          "-y",
          "50",
          String.join(
              " ",
              binary.toString(),
              "--kubeconfig",
              plugin.kubeconfig().toString(),
              "-n",
              ns,
              "status",
              "search",
              "--watch",
              "--interval",
              "200ms"));
      String first =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> tmux(socket, "capture-pane", "-p"), s -> s.contains("  Ready  1/1 ready"));
      assertThat(first)
          .contains("kubectl managedapi status search, every 200ms")
          .contains("Running  ready");
      assertThat(tmux(socket, "capture-pane", "-p", "-e"))
          .as("colour on a terminal")
          .contains("\u001b[32m");

      cluster.crash(pod.getMetadata().getName(), 2, "Error", "config file not found");

      String updated =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> tmux(socket, "capture-pane", "-p"),
                  s ->
                      s.contains("CrashLooping")
                          && s.contains("CrashLoopBackOff  not ready  1 restart"));
      assertThat(updated).contains("Last failure    Error, exit code 2 in container api of pod");
      Files.createDirectories(RAW);
      Files.writeString(RAW.resolve("watch.txt"), updated);
    } finally {
      tmux(socket, "kill-server");
    }
  }

  @Test
  void statusAnswersWithin300Milliseconds() {
    String ns = "plugin-latency";
    readyApi(
        new ManagedApis(client, ns), ns, "orders", "image: ghcr.io/acme/orders:1.4.2\nreplicas: 3");

    // bench/plugin/status-latency.sh: the plugin started from a shell and timed with date, as
    // a user's terminal would run it, 20 times.
    String output = benchStatusLatency("orders", ns, 20);
    System.out.println(output.strip());
    var median = java.util.regex.Pattern.compile("median (\\d+) ms").matcher(output);
    assertThat(median.find()).as(output).isTrue();
    assertThat(Integer.parseInt(median.group(1))).as("median of 20 runs, in ms").isLessThan(300);
  }

  /**
   * The plugin's rollback reads again when its resourceVersion test fails, and only then: it knows
   * that failure by the API server's 422 naming the path (kubectl-plugin/actions.go, staleRead).
   */
  @Test
  void aFailedResourceVersionTestIsA422WithoutCauses() {
    var apis = new ManagedApis(client, "plugin-stale");
    apis.create("orders", "image: ghcr.io/acme/orders:1.4.2");

    var stale =
        jsonPatchRefused(
            apis,
            "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"1\"},"
                + "{\"op\":\"add\",\"path\":\"/spec/image\",\"value\":\"x:1\"}]");
    assertThat(stale.getCode()).isEqualTo(422);
    assertThat(stale.getStatus().getDetails().getCauses()).isEmpty();
    assertThat(apis.get("orders").getSpec().getImage()).isEqualTo("ghcr.io/acme/orders:1.4.2");

    var refused =
        jsonPatchRefused(apis, "[{\"op\":\"add\",\"path\":\"/spec/replicas\",\"value\":-1}]");
    assertThat(refused.getCode()).isEqualTo(422);
    assertThat(refused.getStatus().getDetails().getCauses()).isNotEmpty();
  }

  private static io.fabric8.kubernetes.client.KubernetesClientException jsonPatchRefused(
      ManagedApis apis, String patch) {
    return org.assertj.core.api.Assertions.catchThrowableOfType(
        io.fabric8.kubernetes.client.KubernetesClientException.class,
        () ->
            apis.resource("orders")
                .patch(
                    io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
                    patch));
  }

  @Test
  void anUnknownNameSaysSoAndFails() {
    new ManagedApis(client, "plugin-missing");
    var result = plugin.run("", "-n", "plugin-missing", "why", "nosuch");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output())
        .isEqualTo("error: managedapi \"nosuch\" not found in namespace \"plugin-missing\"\n");
  }

  /** Creates the ManagedApi, rolls its pods out and waits for it to be Ready. */
  private static ControllerSimulator readyApi(
      ManagedApis apis, String namespace, String name, String specYaml) {
    apis.create(name, specYaml);
    var cluster = new ControllerSimulator(client, namespace);
    cluster.rollOutWithReplicaSet(name);
    apis.awaitCondition(name, "Ready", "True", "Ready");
    return cluster;
  }

  /**
   * Waits until the ManagedApi's current revision has run the stabilization period and is recorded
   * as the last healthy one.
   */
  private static String provenHealthy(
      ManagedApis apis, ControllerSimulator cluster, String name, Pod pod) {
    String hash = cluster.templateAnnotation(name, "managedapi.dev/template-hash");
    apis.awaitStatus(
        name,
        api ->
            api.getStatus().getCurrentRevision() != null
                && hash.equals(api.getStatus().getCurrentRevision().templateHash())
                && api.getStatus().getCurrentRevision().healthySince() != null);
    clock.advance(Duration.ofSeconds(11));
    cluster.touch(pod.getMetadata().getName());
    apis.awaitStatus(
        name,
        api ->
            api.getStatus().getLastHealthyRevision() != null
                && hash.equals(api.getStatus().getLastHealthyRevision().templateHash()));
    await()
        .until(
            () -> events(apis.get(name).getMetadata().getNamespace()),
            reasons -> reasons.contains("HealthyRevisionRecorded"));
    return hash;
  }

  private static String run(String namespace, String... args) {
    List<String> all = new ArrayList<>(List.of("-n", namespace));
    all.addAll(List.of(args));
    var result = plugin.run("", all.toArray(String[]::new));
    assertThat(result.exitCode()).as("exit code; output:\n" + result.output()).isZero();
    transcript(String.join(" ", args) + " -n " + namespace, result.output());
    return result.output();
  }

  /** Every command and what it printed, in target/plugin-output/transcript.txt, for the docs. */
  private static synchronized void transcript(String command, String output) {
    try {
      Files.createDirectories(RAW);
      Files.writeString(
          RAW.resolve("transcript.txt"),
          "$ kubectl managedapi " + command + "\n" + output,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compares the normalised output with the golden file, and returns the output as it was. */
  private static String assertGolden(String name, String output) {
    try {
      Files.createDirectories(RAW);
      Files.writeString(RAW.resolve(name + ".txt"), output);
      String normalised = normalise(output);
      Path golden = GOLDEN.resolve(name + ".txt");
      if (UPDATE) {
        Files.createDirectories(GOLDEN);
        Files.writeString(golden, normalised);
      }
      assertThat(normalised)
          .as("%s (-Dmanagedapi.plugin.updateGolden=true rewrites it)", golden)
          .isEqualTo(Files.readString(golden));
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Times and ages become placeholders, pods' random suffixes too. The events' lines become one
   * placeholder: which of them are the newest five, and in which order, depends on how the
   * operator's passes fell in time; the tests check the one that matters by itself.
   */
  static String normalise(String output) {
    return output
        .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "<time>")
        .replaceAll("\\b\\d+[smhd] ago\\b", "<age> ago")
        .replaceAll("healthy for \\d+[smhd]", "healthy for <age>")
        .replaceAll("\\b([a-z]+-[0-9a-f]{10})-[0-9a-z]{5}\\b", "$1-<pod>")
        .replaceAll("(?m)(^  (Normal|Warning) .*\\n)+", "  <events>\n");
  }

  private static List<String> events(String namespace) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .map(e -> e.getReason())
        .toList();
  }

  private static String benchStatusLatency(String name, String namespace, int runs) {
    var builder =
        new ProcessBuilder(
            Crds.REPO_ROOT.resolve("bench/plugin/status-latency.sh").toString(),
            name,
            "-n",
            namespace,
            String.valueOf(runs));
    builder.environment().put("KUBECONFIG", plugin.kubeconfig().toString());
    var result = Processes.run(builder, Duration.ofMinutes(2));
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.output();
  }

  private static String tmux(String socket, String... args) {
    List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
    command.addAll(List.of(args));
    return Processes.run(new ProcessBuilder(command), Duration.ofSeconds(10)).output();
  }
}
