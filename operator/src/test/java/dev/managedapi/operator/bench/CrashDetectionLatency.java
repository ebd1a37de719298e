package dev.managedapi.operator.bench;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.dependent.Labels;
import dev.managedapi.operator.testing.OnChange;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measures crash-loop detection latency on the local cluster: from the moment a pod's status first
 * shows a container in CrashLoopBackOff to the moment its ManagedApi's CrashLooping condition turns
 * True. Both moments are when this process's watches see the updates, so the watch delivery delay
 * cancels out. Each trial is a fresh ManagedApi that crash-loops, on one of two kinds of node, side
 * by side in one run: the real node, where api-service's JVM exits through its chaos switch and the
 * kubelet backs off as it always does; and kwok's simulated nodes, where the pod annotation
 * sim.managedapi.dev/crash-exit-code makes kwok write the same status fields. The operator under
 * test runs as its own process (bench/operator/run.sh starts the real jar).
 *
 * <p>Usage: CrashDetectionLatency KUBECONFIG NAMESPACE REAL_NODE_TRIALS SIMULATED_TRIALS
 */
public final class CrashDetectionLatency {

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, Long> backOffSeenAt = new ConcurrentHashMap<>();
  private final Map<String, Long> conditionSeenAt = new ConcurrentHashMap<>();
  private final Map<String, CountDownLatch> detected = new ConcurrentHashMap<>();

  private CrashDetectionLatency(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public static void main(String[] args) throws Exception {
    Path kubeconfig = Path.of(args[0]);
    String namespace = args[1];
    Map<NodeKind, Integer> trials = new EnumMap<>(NodeKind.class);
    trials.put(NodeKind.REAL, Integer.parseInt(args[2]));
    trials.put(NodeKind.SIMULATED, Integer.parseInt(args[3]));
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      var bench = new CrashDetectionLatency(client, namespace);
      Map<NodeKind, List<Double>> millis = new EnumMap<>(NodeKind.class);
      for (NodeKind kind : NodeKind.values()) {
        millis.put(kind, bench.run(kind, trials.get(kind)));
      }
      report(millis);
    }
  }

  /** Where a trial's pod runs, and what makes it crash there. */
  enum NodeKind {
    REAL(
        "real node (kubelet, containerd)",
        "kubernetes.io/hostname: managedapi-node",
        "",
        "env: [{name: CHAOS_CRASH_ON_START_EXIT_CODE, value: \"3\"}]"),
    SIMULATED(
        "kwok (simulated kubelet)", "type: kwok", "sim.managedapi.dev/crash-exit-code: \"3\"", "");

    final String label;
    final String nodeSelector;
    final String podAnnotations;
    final String env;

    NodeKind(String label, String nodeSelector, String podAnnotations, String env) {
      this.label = label;
      this.nodeSelector = nodeSelector;
      this.podAnnotations = podAnnotations;
      this.env = env;
    }
  }

  private List<Double> run(NodeKind kind, int trials) throws InterruptedException {
    List<Double> latencies = new ArrayList<>();
    if (trials == 0) {
      return latencies;
    }
    System.out.printf("%d trials on the %s...%n", trials, kind.label);
    try (SharedIndexInformer<Pod> pods = watchPods();
        SharedIndexInformer<ManagedApi> apis = watchManagedApis()) {
      for (int trial = 0; trial < trials; trial++) {
        String name = kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + trial;
        detected.put(name, new CountDownLatch(1));
        create(name, kind);
        if (!detected.get(name).await(90, TimeUnit.SECONDS)) {
          System.err.printf("trial %s: no detection within 90 s, counted as a failure%n", name);
          latencies.add(Double.POSITIVE_INFINITY);
        } else {
          latencies.add((conditionSeenAt.get(name) - backOffSeenAt.get(name)) / 1e6);
        }
        client.resources(ManagedApi.class).inNamespace(namespace).withName(name).delete();
      }
    }
    return latencies;
  }

  private SharedIndexInformer<Pod> watchPods() {
    return watchBackOffs(client, namespace, backOffSeenAt);
  }

  /**
   * Watches the managed pods of a namespace and notes, per ManagedApi, when one of its pods was
   * first seen with a container in CrashLoopBackOff.
   */
  static SharedIndexInformer<Pod> watchBackOffs(
      KubernetesClient client, String namespace, Map<String, Long> seenAt) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .inform(
            new OnChange<>(
                pod -> {
                  if (backingOff(pod)) {
                    seenAt.putIfAbsent(
                        pod.getMetadata().getLabels().get(Labels.MANAGEDAPI_NAME),
                        System.nanoTime());
                  }
                }));
  }

  /** Whether one of the pod's containers waits in CrashLoopBackOff. */
  static boolean backingOff(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getContainerStatuses() != null
        && pod.getStatus().getContainerStatuses().stream()
            .anyMatch(
                c ->
                    c.getState() != null
                        && c.getState().getWaiting() != null
                        && "CrashLoopBackOff".equals(c.getState().getWaiting().getReason()));
  }

  private SharedIndexInformer<ManagedApi> watchManagedApis() {
    return client
        .resources(ManagedApi.class)
        .inNamespace(namespace)
        .inform(
            new OnChange<>(
                api -> {
                  boolean looping =
                      api.getStatus() != null
                          && api.getStatus().getConditions().stream()
                              .anyMatch(
                                  c ->
                                      "CrashLooping".equals(c.getType())
                                          && "True".equals(c.getStatus()));
                  String name = api.getMetadata().getName();
                  if (looping
                      && backOffSeenAt.containsKey(name)
                      && conditionSeenAt.putIfAbsent(name, System.nanoTime()) == null) {
                    detected.get(name).countDown();
                  }
                }));
  }

  private void create(String name, NodeKind kind) {
    String yaml =
        """
        apiVersion: managedapi.dev/v1alpha1
        kind: ManagedApi
        metadata: {name: %s, namespace: %s}
        spec:
          image: ghcr.io/managedapi/api-service:0.1.0
          %s
          resources: {requests: {cpu: 50m, memory: 256Mi}, limits: {memory: 512Mi}}
          pod:
            nodeSelector: {%s}
            annotations: {%s}
          restartBudget: {maxRestarts: 100, action: Alert}
        """
            .formatted(name, namespace, kind.env, kind.nodeSelector, kind.podAnnotations);
    client
        .resources(ManagedApi.class)
        .inNamespace(namespace)
        .load(new ByteArrayInputStream(yaml.getBytes()))
        .create();
  }

  private static void report(Map<NodeKind, List<Double>> millis) {
    System.out.printf("%nCrash-loop detection latency on the local cluster%n");
    System.out.printf(
        "  from: a pod's status shows CrashLoopBackOff   to: the ManagedApi's CrashLooping=True%n%n");
    System.out.printf(
        "  %-44s %7s %10s %10s %10s %10s%n", "", "trials", "p50", "p90", "p99", "max");
    long failures = 0;
    double worstP99 = 0;
    for (var entry : millis.entrySet()) {
      List<Double> sorted = new ArrayList<>(entry.getValue());
      if (sorted.isEmpty()) {
        System.out.printf("  managedapi, %-32s %7s%n", entry.getKey().label, "skipped");
        continue;
      }
      Collections.sort(sorted);
      failures += sorted.stream().filter(d -> d.isInfinite()).count();
      worstP99 = Math.max(worstP99, percentile(sorted, 99));
      System.out.printf(
          "  managedapi, %-32s %7d %8.0fms %8.0fms %8.0fms %8.0fms%n",
          entry.getKey().label,
          sorted.size(),
          percentile(sorted, 50),
          percentile(sorted, 90),
          percentile(sorted, 99),
          sorted.getLast());
    }
    System.out.printf(
        "  %-44s %7s %9ss   (the alert's `for: 15m`, by construction)%n",
        "kube-prometheus KubePodCrashLooping alert", "", ">= 900");
    System.out.printf(
        "  %-44s %7s %9ss   (Deployment progressDeadlineSeconds default)%n",
        "Deployment ProgressDeadlineExceeded", "", "600");
    System.out.printf(
        "%n  target: p99 under 1 s on every kind of node: %s; missed detections: %d%n",
        worstP99 < 1000 ? "met" : "NOT met", failures);
  }

  /** Nearest-rank percentile. */
  static double percentile(List<Double> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
