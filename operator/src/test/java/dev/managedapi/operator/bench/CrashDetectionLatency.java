package dev.managedapi.operator.bench;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.dependent.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measures crash-loop detection latency on the local cluster: from the moment a pod's status first
 * shows a container in CrashLoopBackOff to the moment its ManagedApi's CrashLooping condition turns
 * True. Both moments are when this process's watches see the updates, so the watch delivery delay
 * cancels out. Each trial is a fresh ManagedApi whose api-service crashes through its chaos switch
 * (kwok plays the kubelet). The operator under test runs as its own process (bench/operator/run.sh
 * starts the real jar).
 *
 * <p>Usage: CrashDetectionLatency KUBECONFIG NAMESPACE TRIALS
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
    int trials = Integer.parseInt(args[2]);
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      List<Double> millis = new CrashDetectionLatency(client, namespace).run(trials);
      report(millis, trials);
    }
  }

  private List<Double> run(int trials) throws InterruptedException {
    List<Double> latencies = new ArrayList<>();
    try (SharedIndexInformer<Pod> pods = watchPods();
        SharedIndexInformer<ManagedApi> apis = watchManagedApis()) {
      for (int trial = 0; trial < trials; trial++) {
        String name = "crash-" + trial;
        detected.put(name, new CountDownLatch(1));
        create(name);
        if (!detected.get(name).await(60, TimeUnit.SECONDS)) {
          System.err.printf("trial %d: no detection within 60 s, counted as a failure%n", trial);
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
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .inform(
            new OnChange<>(
                pod -> {
                  boolean backingOff =
                      pod.getStatus() != null
                          && pod.getStatus().getContainerStatuses() != null
                          && pod.getStatus().getContainerStatuses().stream()
                              .anyMatch(
                                  c ->
                                      c.getState() != null
                                          && c.getState().getWaiting() != null
                                          && "CrashLoopBackOff"
                                              .equals(c.getState().getWaiting().getReason()));
                  if (backingOff) {
                    backOffSeenAt.putIfAbsent(
                        pod.getMetadata().getLabels().get(Labels.MANAGEDAPI_NAME),
                        System.nanoTime());
                  }
                }));
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

  private void create(String name) {
    String yaml =
        """
        apiVersion: managedapi.dev/v1alpha1
        kind: ManagedApi
        metadata: {name: %s, namespace: %s}
        spec:
          image: ghcr.io/managedapi/api-service:0.1.0
          env: [{name: CHAOS_CRASH_ON_START_EXIT_CODE, value: "3"}]
          restartBudget: {maxRestarts: 100, action: Alert}
        """
            .formatted(name, namespace);
    client
        .resources(ManagedApi.class)
        .inNamespace(namespace)
        .load(new ByteArrayInputStream(yaml.getBytes()))
        .create();
  }

  private static void report(List<Double> millis, int trials) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    long failures = sorted.stream().filter(d -> d.isInfinite()).count();
    System.out.printf(
        "%nCrash-loop detection latency, %d trials on the local cluster (kwok as kubelet)%n",
        trials);
    System.out.printf(
        "  from: a pod's status shows CrashLoopBackOff   to: the ManagedApi's CrashLooping=True%n%n");
    System.out.printf("  %-44s %10s %10s %10s %10s%n", "", "p50", "p90", "p99", "max");
    System.out.printf(
        "  %-44s %8.0fms %8.0fms %8.0fms %8.0fms%n",
        "managedapi (this run)",
        percentile(sorted, 50),
        percentile(sorted, 90),
        percentile(sorted, 99),
        sorted.getLast());
    System.out.printf(
        "  %-44s %9ss   (the alert's `for: 15m`, by construction)%n",
        "kube-prometheus KubePodCrashLooping alert", ">= 900");
    System.out.printf(
        "  %-44s %9ss   (Deployment progressDeadlineSeconds default)%n",
        "Deployment ProgressDeadlineExceeded", "600");
    System.out.printf(
        "%n  target: p99 under 1 s: %s; missed detections: %d%n",
        percentile(sorted, 99) < 1000 ? "met" : "NOT met", failures);
  }

  /** Nearest-rank percentile. */
  static double percentile(List<Double> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private record OnChange<T>(java.util.function.Consumer<T> consumer)
      implements ResourceEventHandler<T> {
    @Override
    public void onAdd(T obj) {
      consumer.accept(obj);
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
      consumer.accept(newObj);
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
  }
}
