package dev.managedapi.operator.bench;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.dependent.Labels;
import dev.managedapi.operator.testing.OnChange;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A tenth of N settled ManagedApis start crash-looping at once, while another tenth is scaled: how
 * fast the operator names each crash loop (from the moment this process's pod watch sees a
 * container in CrashLoopBackOff to the moment its ManagedApi watch sees CrashLooping=True; 0 when
 * the condition came first), how many pod-log and event reads the API server served per crashing
 * ManagedApi (the diagnosis reads each once), and whether the unaffected ManagedApis' status still
 * converges meanwhile. The crash comes from kwok's stage for the pod annotation
 * sim.managedapi.dev/crash-exit-code: the operator is measured here, not the kubelet.
 */
final class CrashStorm {

  private static final Duration LIMIT = Duration.ofMinutes(10);

  private final KubernetesClient client;
  private final String namespace;
  private final Supplier<Map<String, Long>> requestCounts;
  private final Supplier<Map<String, RequestTime>> requestTimes;
  private final Supplier<String> operatorMetrics;
  private final Map<String, Long> backOffSeenAt = new ConcurrentHashMap<>();
  private final Map<String, Long> loopingSeenAt = new ConcurrentHashMap<>();
  private final Map<String, Long> scaledSettledAt = new ConcurrentHashMap<>();
  private final Map<String, Long> scaledGeneration = new ConcurrentHashMap<>();

  CrashStorm(
      KubernetesClient client,
      String namespace,
      Supplier<Map<String, Long>> requestCounts,
      Supplier<Map<String, RequestTime>> requestTimes,
      Supplier<String> operatorMetrics) {
    this.client = client;
    this.namespace = namespace;
    this.requestCounts = requestCounts;
    this.requestTimes = requestTimes;
    this.operatorMetrics = operatorMetrics;
  }

  /** Runs the storm over ManagedApis named {@code prefix0 .. prefix(count-1)} and prints it. */
  void run(String prefix, int count, int replicas) throws InterruptedException {
    int affected = Math.max(1, count / 10);
    List<String> crashing = new ArrayList<>();
    List<String> scaled = new ArrayList<>();
    for (int i = 0; i < affected; i++) {
      crashing.add(prefix + i);
      scaled.add(prefix + (count - 1 - i));
    }
    System.out.printf(
        "%nCrash storm: %d of %d ManagedApis crash-loop at once, %d others are scaled meanwhile%n",
        affected, count, affected);
    Map<String, Long> before = requestCounts.get();
    Map<String, RequestTime> timesBefore = requestTimes.get();
    ReconcileDurations reconcilesBefore = ReconcileDurations.parse(operatorMetrics.get());
    long start = System.nanoTime();
    try (SharedIndexInformer<Pod> pods =
            CrashDetectionLatency.watchBackOffs(client, namespace, backOffSeenAt);
        SharedIndexInformer<ManagedApi> apis = watchManagedApis()) {
      for (String name : crashing) {
        edit(name, api -> api.getSpec().getPod().getAnnotations().put(CRASH, "3"));
      }
      for (String name : scaled) {
        // Expected before the edit, so a watch event that beats edit()'s answer is not missed.
        long generation =
            client
                .resources(ManagedApi.class)
                .inNamespace(namespace)
                .withName(name)
                .get()
                .getMetadata()
                .getGeneration();
        scaledGeneration.put(name, generation + 1);
        edit(name, api -> api.getSpec().setReplicas(replicas + 1));
      }
      awaitAll(crashing, loopingSeenAt, "crash loops named");
      awaitAll(scaled, scaledSettledAt, "scaled ManagedApis Ready at their new generation");
    }
    long end = System.nanoTime();
    Map<String, Long> requests = ScaleBenchmark.delta(before, requestCounts.get());
    Map<String, RequestTime> times = RequestTime.since(timesBefore, requestTimes.get());
    ReconcileDurations reconciles =
        ReconcileDurations.parse(operatorMetrics.get()).since(reconcilesBefore);

    List<Double> detection = new ArrayList<>();
    for (String name : crashing) {
      Long backOff = backOffSeenAt.get(name);
      long looping = loopingSeenAt.get(name);
      detection.add(backOff == null ? Double.NaN : Math.max(0, looping - backOff) / 1e6);
    }
    detection.removeIf(d -> d.isNaN());
    detection.sort(null);
    List<Double> converged =
        scaled.stream().map(name -> (scaledSettledAt.get(name) - start) / 1e6).sorted().toList();
    System.out.printf(
        "  detection (CrashLoopBackOff seen -> CrashLooping=True seen): p50 %.0f ms, p99 %.0f ms,"
            + " max %.0f ms (%d with a back-off seen)%n",
        CrashDetectionLatency.percentile(detection, 50),
        CrashDetectionLatency.percentile(detection, 99),
        detection.isEmpty() ? Double.NaN : detection.getLast(),
        detection.size());
    System.out.printf(
        "  unaffected ManagedApis scaled meanwhile, edit -> Ready at the new generation:"
            + " p50 %.0f ms, p99 %.0f ms (%d of %d converged)%n",
        CrashDetectionLatency.percentile(converged, 50),
        CrashDetectionLatency.percentile(converged, 99),
        converged.size(),
        scaled.size());
    // Detection waits for the crashing ManagedApi's turn among every queued reconcile: the
    // throughput and the time each reconcile holds a thread say how long the queue is.
    System.out.printf(
        "  reconciles during the storm: %d in %.0f s (%.1f/s on the operator's threads), each"
            + " holding a thread p50 <= %.3f s, p99 <= %.3f s (histogram bucket bounds)%n",
        reconciles.count(),
        (end - start) / 1e9,
        reconciles.count() / ((end - start) / 1e9),
        reconciles.percentileBound(50),
        reconciles.percentileBound(99));
    // What a reconcile's requests cost on the API server: the part of its hold spent waiting.
    System.out.printf(
        "  the API server's busiest requests during the storm (total s, count, mean): %s%n",
        RequestTime.busiest(times));
    long crashes = crashesOf(crashing);
    System.out.printf(
        "  reads during the storm, per crashed container instance (%d crashes seen in restart"
            + " counts): pod logs %.2f, event lists %.2f; all reads of pods and events: %s%n",
        crashes,
        requests.getOrDefault("CONNECT pods/log", 0L) / (double) crashes,
        requests.getOrDefault("LIST events", 0L) / (double) crashes,
        reads(requests));
  }

  /** Restarts of the crashing ManagedApis' pods: each is one failed instance to diagnose. */
  private long crashesOf(List<String> names) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .list()
        .getItems()
        .stream()
        .filter(pod -> names.contains(pod.getMetadata().getLabels().get(Labels.MANAGEDAPI_NAME)))
        .flatMap(pod -> pod.getStatus().getContainerStatuses().stream())
        .mapToLong(status -> status.getRestartCount() == null ? 0 : status.getRestartCount())
        .sum();
  }

  private static Map<String, Long> reads(Map<String, Long> requests) {
    Map<String, Long> reads = new java.util.TreeMap<>(requests);
    reads.keySet().removeIf(key -> !key.matches("(GET|LIST|CONNECT) (pods|events)(/.*)?"));
    return reads;
  }

  private static final String CRASH = "sim.managedapi.dev/crash-exit-code";

  private ManagedApi edit(String name, java.util.function.Consumer<ManagedApi> change) {
    return client
        .resources(ManagedApi.class)
        .inNamespace(namespace)
        .withName(name)
        .edit(
            api -> {
              if (api.getSpec().getPod() == null) {
                api.getSpec().setPod(new dev.managedapi.operator.api.v1alpha1.PodOptions());
              }
              if (api.getSpec().getPod().getAnnotations() == null) {
                api.getSpec().getPod().setAnnotations(new java.util.HashMap<>());
              }
              change.accept(api);
              return api;
            });
  }

  private void awaitAll(List<String> names, Map<String, Long> seen, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + LIMIT.toNanos();
    while (!seen.keySet().containsAll(names)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "crash storm: %d of %d %s within %s"
                .formatted(
                    names.stream().filter(seen::containsKey).count(), names.size(), what, LIMIT));
      }
      TimeUnit.MILLISECONDS.sleep(100); // polling a map the watches fill; bounded by LIMIT
    }
  }

  private SharedIndexInformer<ManagedApi> watchManagedApis() {
    return client
        .resources(ManagedApi.class)
        .inNamespace(namespace)
        .inform(
            new OnChange<>(
                api -> {
                  String name = api.getMetadata().getName();
                  if (api.getStatus() == null) {
                    return;
                  }
                  if (isTrue(api, "CrashLooping")) {
                    loopingSeenAt.putIfAbsent(name, System.nanoTime());
                  }
                  Long generation = scaledGeneration.get(name);
                  if (generation != null
                      && generation.equals(api.getStatus().getObservedGeneration())
                      && isTrue(api, "Ready")) {
                    scaledSettledAt.putIfAbsent(name, System.nanoTime());
                  }
                }));
  }

  private static boolean isTrue(ManagedApi api, String type) {
    return api.getStatus().getConditions().stream()
        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
