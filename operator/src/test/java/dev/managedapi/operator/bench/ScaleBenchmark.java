package dev.managedapi.operator.bench;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.dependent.Labels;
import dev.managedapi.operator.testing.OnChange;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * One operator and N ManagedApis against the same N Deployments and Services applied by a plain
 * client, in one run, interleaved A B A, on kwok's simulated nodes (the pod lifecycle is not what
 * is measured). For each phase: how long creating the objects took, end to end until all were
 * Available (A) or Ready (B), and the API server's requests by verb and resource during the phase.
 * For B, the operator's own part: from the first ManagedApi created to the last owned Deployment
 * and Service created, and each ManagedApi's lag from its Deployment turning Available to its Ready
 * condition turning True, as this process's watches saw them. Then the operator's /metrics size
 * and, given its PID, its resident memory. Over the idle window it also counts the operator's reads
 * of the pods' health bodies (spec.health.detailsPath, at its default): their rate is the
 * health-details cost at N ManagedApis with REPLICAS pods each.
 *
 * <p>Usage: ScaleBenchmark KUBECONFIG N OPERATOR_METRICS_URL IDLE_SECONDS OPERATOR_PID [REPLICAS]
 */
public final class ScaleBenchmark {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Duration PHASE_LIMIT = Duration.ofMinutes(20);
  private static final Pattern REQUEST_SERIES =
      Pattern.compile("(?m)^apiserver_request_total\\{([^}]*)\\} ([0-9.eE+]+)$");
  private static final Pattern DURATION_SUM =
      Pattern.compile("(?m)^apiserver_request_duration_seconds_sum\\{([^}]*)\\} ([0-9.eE+]+)$");
  private static final Pattern DURATION_COUNT =
      Pattern.compile("(?m)^apiserver_request_duration_seconds_count\\{([^}]*)\\} ([0-9.eE+]+)$");

  /** Writes of the kinds the operator writes; kwok's node heartbeats are not among them. */
  private static final String OPERATOR_WRITES =
      "(POST|PUT|PATCH|APPLY|DELETE) (deployments|services|poddisruptionbudgets"
          + "|horizontalpodautoscalers|managedapis|events)(/status)?";

  private final KubernetesClient client;
  private final int count;
  private final Duration idleWindow;
  private final CpuTime cpu =
      new CpuTime(
          System.getenv().getOrDefault("MANAGEDAPI_BENCH_CPU_PIDS", "")
              // This process: the raw phases' client, and the watches of every phase.
              + ",benchmark="
              + ProcessHandle.current().pid());
  private final String operatorMetrics;
  private final String operatorPid;
  private final int replicas;
  private final ExecutorService writers = Executors.newFixedThreadPool(8);

  private ScaleBenchmark(
      KubernetesClient client,
      int count,
      Duration idleWindow,
      String operatorMetrics,
      String operatorPid,
      int replicas) {
    this.client = client;
    this.replicas = replicas;
    this.count = count;
    this.idleWindow = idleWindow;
    this.operatorMetrics = operatorMetrics;
    this.operatorPid = operatorPid;
  }

  public static void main(String[] args) throws Exception {
    Config config =
        new ConfigBuilder(Config.fromKubeconfig(Files.readString(Path.of(args[0]))))
            // A plain client at full speed: the baseline must not be held back by client limits.
            .withRequestTimeout(60_000)
            .build();
    int count = Integer.parseInt(args[1]);
    String operatorMetrics = args[2];
    Duration idleWindow = Duration.ofSeconds(Long.parseLong(args[3]));
    String operatorPid = args[4];
    int replicas = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      var bench =
          new ScaleBenchmark(client, count, idleWindow, operatorMetrics, operatorPid, replicas);
      try {
        Templates templates = bench.captureTemplates();
        List<PhaseResult> results = new ArrayList<>();
        results.add(bench.raw("raw-1", templates));
        results.add(bench.managed("managed"));
        results.add(bench.raw("raw-2", templates));
        report(count, results);
      } finally {
        bench.writers.shutdownNow();
      }
    }
  }

  /** What the operator produces for the benchmark's ManagedApi, to be copied for the baseline. */
  private record Templates(Deployment deployment, Service service) {}

  private record PhaseResult(
      String name,
      Duration creating,
      Duration endToEnd,
      Duration operatorPart,
      List<Double> readyLagMillis,
      List<Double> readyLagAfterCreationMillis,
      Map<String, Long> requests,
      long reconciles,
      Map<String, Double> cpuSeconds) {}

  private String managedApiYaml(String name, String namespace) {
    return """
        apiVersion: managedapi.dev/v1alpha1
        kind: ManagedApi
        metadata: {name: %s, namespace: %s}
        spec:
          image: ghcr.io/managedapi/api-service:0.1.0
          replicas: %d
          resources: {requests: {cpu: 10m, memory: 32Mi}, limits: {memory: 64Mi}}
          # Short, so that every revision is recorded healthy soon after Ready and the idle
          # window measures a settled operator (at the default 5m, hundreds of ManagedApis would
          # record theirs during it: a write each, and an event, that idle does not mean).
          restartBudget: {stabilizationPeriod: 30s}
          pod:
            nodeSelector: {type: kwok}
        """
        .formatted(name, namespace, replicas);
  }

  private Templates captureTemplates() {
    String namespace = freshNamespace("bench-scale-template");
    create(managedApiYaml("api", namespace));
    var deployments = client.apps().deployments().inNamespace(namespace).withName("api");
    var services = client.services().inNamespace(namespace).withName("api");
    deployments.waitUntilCondition(d -> d != null, 2, TimeUnit.MINUTES);
    services.waitUntilCondition(s -> s != null, 2, TimeUnit.MINUTES);
    Deployment deployment = deployments.get();
    Service service = services.get();
    deleteNamespace(namespace);
    service.getSpec().setClusterIP(null);
    service.getSpec().setClusterIPs(null);
    deployment.setStatus(null);
    service.setStatus(null);
    return new Templates(deployment, service);
  }

  private PhaseResult raw(String phase, Templates templates) throws InterruptedException {
    String namespace = freshNamespace("bench-scale-" + phase);
    Map<String, Long> before = requestCounts();
    Map<String, Double> cpuBefore = cpu.now();
    long reconcilesBefore = reconciliationsStarted(operatorMetrics);
    var available = new ConcurrentHashMap<String, Long>();
    try (SharedIndexInformer<Deployment> watch =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .inform(
                new OnChange<>(
                    d -> {
                      if (isAvailable(d)) {
                        available.putIfAbsent(d.getMetadata().getName(), System.nanoTime());
                      }
                    }))) {
      long start = System.nanoTime();
      createAll(
          i -> {
            String name = "api-" + i;
            client.resource(copy(templates.deployment(), name, namespace)).create();
            client.resource(copy(templates.service(), name, namespace)).create();
          });
      long created = System.nanoTime();
      awaitSize(available, phase + ": Deployments Available");
      long end = Collections.max(available.values());
      Map<String, Long> requests = delta(before, requestCounts());
      Map<String, Double> cpuUsed = CpuTime.since(cpuBefore, cpu.now());
      deleteNamespace(namespace);
      return new PhaseResult(
          phase,
          nanos(created - start),
          nanos(end - start),
          null,
          List.of(),
          List.of(),
          requests,
          0,
          cpuUsed);
    }
  }

  private PhaseResult managed(String phase) throws InterruptedException {
    String namespace = freshNamespace("bench-scale-" + phase);
    Map<String, Long> before = requestCounts();
    Map<String, Double> cpuBefore = cpu.now();
    long reconcilesBefore = reconciliationsStarted(operatorMetrics);
    var available = new ConcurrentHashMap<String, Long>();
    var ownedCreated = new ConcurrentHashMap<String, Long>();
    var ready = new ConcurrentHashMap<String, Long>();
    try (SharedIndexInformer<Deployment> deployments =
            client
                .apps()
                .deployments()
                .inNamespace(namespace)
                .inform(
                    new OnChange<>(
                        d -> {
                          ownedCreated.putIfAbsent("deployment/" + name(d), System.nanoTime());
                          if (isAvailable(d)) {
                            available.putIfAbsent(name(d), System.nanoTime());
                          }
                        }));
        SharedIndexInformer<Service> services =
            client
                .services()
                .inNamespace(namespace)
                .inform(
                    new OnChange<>(
                        s -> ownedCreated.putIfAbsent("service/" + name(s), System.nanoTime())));
        SharedIndexInformer<ManagedApi> apis =
            client
                .resources(ManagedApi.class)
                .inNamespace(namespace)
                .inform(
                    new OnChange<>(
                        a -> {
                          if (a.getStatus() != null
                              && a.getStatus().getConditions().stream()
                                  .anyMatch(
                                      c ->
                                          "Ready".equals(c.getType())
                                              && "True".equals(c.getStatus()))) {
                            ready.putIfAbsent(name(a), System.nanoTime());
                          }
                        }))) {
      long start = System.nanoTime();
      createAll(i -> create(managedApiYaml("api-" + i, namespace)));
      long created = System.nanoTime();
      awaitSize(ready, phase + ": ManagedApis Ready");
      long end = Collections.max(ready.values());
      long lastOwned = Collections.max(ownedCreated.values());
      List<Double> lags = readyLags(ready, available, at -> true);
      // Split at the last owned object written: before it, a Deployment turning Available waits
      // behind the reconciles that create the others; after it, only its own reconcile runs.
      List<Double> lagsAfterCreation = readyLags(ready, available, at -> at > lastOwned);
      Map<String, Long> requests = delta(before, requestCounts());
      long reconciles = reconciliationsStarted(operatorMetrics) - reconcilesBefore;
      Map<String, Double> cpuUsed = CpuTime.since(cpuBefore, cpu.now());
      awaitHealthyRevisions(apis);
      measureIdle(namespace);
      new CrashStorm(
              client,
              namespace,
              this::requestCounts,
              this::requestTimes,
              () -> metricsOrNone(operatorMetrics))
          .run("api-", count, replicas);
      deleteNamespace(namespace);
      return new PhaseResult(
          phase,
          nanos(created - start),
          nanos(end - start),
          nanos(lastOwned - start),
          lags,
          lagsAfterCreation,
          requests,
          reconciles,
          cpuUsed);
    }
  }

  /** Each ManagedApi's lag from Deployment Available to Ready, for those Available when asked. */
  private static List<Double> readyLags(
      Map<String, Long> ready, Map<String, Long> available, java.util.function.LongPredicate when) {
    return ready.entrySet().stream()
        .filter(e -> available.containsKey(e.getKey()))
        .filter(e -> when.test(available.get(e.getKey())))
        .map(e -> (e.getValue() - available.get(e.getKey())) / 1e6)
        .sorted()
        .toList();
  }

  /**
   * With all N ManagedApis Ready and nothing changing: the operator's writes over two resync
   * periods (the goal is none), then its memory after a full GC and its /metrics size.
   */
  private void measureIdle(String namespace) throws InterruptedException {
    Map<String, Long> before = requestCounts();
    Map<String, Long> probesBefore = healthProbes(operatorMetrics);
    long started = System.nanoTime();
    java.time.Instant windowStart = java.time.Instant.now();
    System.out.printf("  idle: watching the API server's write counts for %s...%n", idleWindow);
    TimeUnit.MILLISECONDS.sleep(idleWindow.toMillis()); // the measurement window itself
    Map<String, Long> writes = delta(before, requestCounts());
    Map<String, Long> probes = delta(probesBefore, healthProbes(operatorMetrics));
    double seconds = (System.nanoTime() - started) / 1e9;
    writes.keySet().removeIf(key -> !key.matches(OPERATOR_WRITES));
    System.out.printf(
        "%nIdle, %d ManagedApis Ready, over %s (two resync periods): operator-kind writes %s%n",
        count, idleWindow, writes.isEmpty() ? "none" : writes);
    // The request counts do not say which client wrote; the events do.
    System.out.printf(
        "  events written in the window, by component and reason: %s%n",
        eventsSince(namespace, windowStart));
    long total = probes.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(
        "Health details reads (spec.health.detailsPath): %.1f requests/s over %.0f s, by result %s%n",
        total / seconds, seconds, probes);
    reportOperator(operatorMetrics, operatorPid);
  }

  /**
   * Waits until every ManagedApi has recorded its revision as healthy, which it does once, a
   * stabilization period after turning Ready: from then on nothing is due to change.
   */
  private void awaitHealthyRevisions(SharedIndexInformer<ManagedApi> apis)
      throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + PHASE_LIMIT.toNanos();
    while (apis.getStore().list().stream()
            .filter(a -> a.getStatus() == null || a.getStatus().getLastHealthyRevision() == null)
            .count()
        > 0) {
      requireOperatorRunning();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Not every ManagedApi recorded a healthy revision within " + PHASE_LIMIT);
      }
      // Polls the informer's store: this loop only decides when to look again.
      TimeUnit.MILLISECONDS.sleep(500);
    }
    System.out.printf(
        "  every ManagedApi recorded its healthy revision %.1f s after the last was Ready%n",
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * Events in {@code namespace} created or repeated since {@code since}, counted by who wrote them.
   */
  private Map<String, Long> eventsSince(String namespace, java.time.Instant since) {
    Map<String, Long> counts = new TreeMap<>();
    for (var event : client.v1().events().inNamespace(namespace).list().getItems()) {
      String last =
          event.getLastTimestamp() != null
              ? event.getLastTimestamp()
              : event.getEventTime() == null ? null : event.getEventTime().getTime();
      if (last == null || java.time.Instant.parse(last).isBefore(since.minusSeconds(1))) {
        continue;
      }
      String component =
          event.getReportingComponent() != null && !event.getReportingComponent().isEmpty()
              ? event.getReportingComponent()
              : event.getSource() == null ? "?" : event.getSource().getComponent();
      counts.merge(component + " " + event.getReason(), 1L, Long::sum);
    }
    return counts;
  }

  private void createAll(java.util.function.IntConsumer createOne) throws InterruptedException {
    var futures =
        IntStream.range(0, count).mapToObj(i -> writers.submit(() -> createOne.accept(i))).toList();
    for (var future : futures) {
      try {
        future.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("Creating an object failed", e.getCause());
      }
    }
  }

  private void awaitSize(Map<String, Long> seen, String what) throws InterruptedException {
    long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
    long lastReport = System.nanoTime();
    while (seen.size() < count) {
      requireOperatorRunning();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "%s: only %d of %d within %s".formatted(what, seen.size(), count, PHASE_LIMIT));
      }
      if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(30)) {
        System.out.printf("  %s: %d of %d%n", what, seen.size(), count);
        lastReport = System.nanoTime();
      }
      // Polls a map the watches fill: this loop only decides when to look again.
      TimeUnit.MILLISECONDS.sleep(200);
    }
  }

  /**
   * Ends the run when the operator's process is gone (an OOM kill in its memory cgroup, most
   * likely), instead of waiting out the phase limit for objects nobody will reconcile.
   */
  private void requireOperatorRunning() {
    boolean running =
        ProcessHandle.of(Long.parseLong(operatorPid)).map(ProcessHandle::isAlive).orElse(false);
    if (!running) {
      throw new IllegalStateException(
          "The operator (pid %s) has exited: its log's last lines and its memory cgroup's OOM kills follow"
              .formatted(operatorPid));
    }
  }

  private static boolean isAvailable(Deployment d) {
    return d.getStatus() != null
        && d.getStatus().getConditions() != null
        && d.getStatus().getConditions().stream()
            .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()))
        && d.getStatus().getAvailableReplicas() != null
        && d.getStatus().getAvailableReplicas() >= 1;
  }

  private static String name(HasMetadata object) {
    return object.getMetadata().getName();
  }

  private static <T extends HasMetadata> T copy(T template, String name, String namespace) {
    T copy = SERIALIZATION.clone(template);
    ObjectMeta meta = template.getMetadata();
    Map<String, String> labels = new TreeMap<>(meta.getLabels());
    labels.replaceAll((key, value) -> value.equals(meta.getName()) ? name : value);
    copy.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(labels)
            .withAnnotations(meta.getAnnotations())
            .build());
    // Selectors and pod labels carry the ManagedApi's name too; the plain copies must not share
    // pods, and must not carry the operator's managed-by label, so the operator never sees them.
    String yaml =
        SERIALIZATION
            .asYaml(copy)
            .replace(
                Labels.MANAGEDAPI_NAME + ": \"" + meta.getName() + "\"",
                Labels.MANAGEDAPI_NAME + ": \"" + name + "\"")
            .replace(
                Labels.MANAGEDAPI_NAME + ": " + meta.getName() + "\n",
                Labels.MANAGEDAPI_NAME + ": " + name + "\n")
            .replace(Labels.MANAGED_BY + ": \"" + Labels.MANAGED_BY_VALUE + "\"", "bench: raw")
            .replace(Labels.MANAGED_BY + ": " + Labels.MANAGED_BY_VALUE + "\n", "bench: raw\n");
    @SuppressWarnings("unchecked")
    T result = (T) SERIALIZATION.unmarshal(yaml, template.getClass());
    return result;
  }

  private void create(String yaml) {
    client
        .resources(ManagedApi.class)
        .load(new ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .create();
  }

  private String freshNamespace(String name) {
    deleteNamespace(name);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  private void deleteNamespace(String name) {
    client.namespaces().withName(name).delete();
    client.namespaces().withName(name).waitUntilCondition(n -> n == null, 10, TimeUnit.MINUTES);
  }

  private static final Pattern HEALTH_PROBES =
      Pattern.compile(
          "(?m)^managedapi_health_details_probes_total\\{result=\"([a-z_]+)\"\\} ([0-9.eE+]+)$");

  /** The operator's health-details reads so far, by result. */
  private static Map<String, Long> healthProbes(String metricsUrl) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    Matcher m = HEALTH_PROBES.matcher(metricsOrNone(metricsUrl));
    while (m.find()) {
      counts.put(m.group(1), (long) Double.parseDouble(m.group(2)));
    }
    return counts;
  }

  private static final Pattern RECONCILIATIONS =
      Pattern.compile("(?m)^operator_sdk_reconciliations_started_total\\{[^}]*\\} ([0-9.eE+]+)$");

  /**
   * Reconciliations the operator has started, over its controllers. Far more per ManagedApi than
   * its writes means events that cannot change anything still queue reconciles.
   */
  private static long reconciliationsStarted(String metricsUrl) {
    Matcher m = RECONCILIATIONS.matcher(metricsOrNone(metricsUrl));
    long total = 0;
    while (m.find()) {
      total += (long) Double.parseDouble(m.group(1));
    }
    return total;
  }

  /** The operator's /metrics, or nothing (with a note) when it cannot be read. */
  private static String metricsOrNone(String metricsUrl) {
    try {
      return operatorMetricsText(metricsUrl);
    } catch (java.io.IOException e) {
      System.out.println("Cannot read the operator's /metrics: " + e.getMessage());
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static String operatorMetricsText(String metricsUrl)
      throws java.io.IOException, InterruptedException {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }

  /** apiserver_request_total summed by "VERB resource", from the API server's /metrics. */
  private Map<String, Long> requestCounts() {
    Map<String, Long> counts = new TreeMap<>();
    byRequest(REQUEST_SERIES, apiServerMetrics())
        .forEach((key, n) -> counts.put(key, n.longValue()));
    return counts;
  }

  /**
   * The API server's time on requests by "VERB resource", from its duration histogram, divided by
   * the histogram's own count.
   */
  Map<String, RequestTime> requestTimes() {
    String metrics = apiServerMetrics();
    Map<String, Double> counts = byRequest(DURATION_COUNT, metrics);
    Map<String, RequestTime> times = new TreeMap<>();
    byRequest(DURATION_SUM, metrics)
        .forEach(
            (kind, seconds) ->
                times.put(kind, new RequestTime(seconds, counts.getOrDefault(kind, 0.0))));
    return times;
  }

  private String apiServerMetrics() {
    return client.raw(client.getMasterUrl().toString().replaceAll("/$", "") + "/metrics");
  }

  private static Map<String, Double> byRequest(Pattern series, String metrics) {
    Map<String, Double> values = new TreeMap<>();
    Matcher m = series.matcher(metrics);
    while (m.find()) {
      String labels = m.group(1);
      String subresource = label(labels, "subresource");
      String key =
          label(labels, "verb")
              + " "
              + label(labels, "resource")
              + (subresource.isEmpty() ? "" : "/" + subresource);
      values.merge(key, Double.parseDouble(m.group(2)), Double::sum);
    }
    return values;
  }

  private static String label(String labels, String name) {
    Matcher m = Pattern.compile("(?:^|,)" + name + "=\"([^\"]*)\"").matcher(labels);
    return m.find() ? m.group(1) : "";
  }

  static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new TreeMap<>();
    after.forEach(
        (key, value) -> {
          long d = value - before.getOrDefault(key, 0L);
          if (d > 0) {
            delta.put(key, d);
          }
        });
    return delta;
  }

  private static Duration nanos(long nanos) {
    return Duration.ofNanos(nanos);
  }

  private static String seconds(Duration d) {
    return d == null ? "-" : "%.1f s".formatted(d.toMillis() / 1000.0);
  }

  private static void report(int count, List<PhaseResult> results) {
    System.out.printf(
        "%nScale: %d ManagedApis against %d plain Deployments + Services%n", count, count);
    System.out.printf(
        "  %-10s %12s %14s %16s%n", "phase", "creating", "end to end", "operator's part");
    for (PhaseResult r : results) {
      System.out.printf(
          "  %-10s %12s %14s %16s%n",
          r.name(), seconds(r.creating()), seconds(r.endToEnd()), seconds(r.operatorPart()));
    }
    PhaseResult managed = results.get(1);
    double rawMean =
        (results.get(0).endToEnd().toMillis() + results.get(2).endToEnd().toMillis()) / 2.0;
    System.out.printf(
        "  end-to-end ratio managed / raw (mean of both raw runs): %.2f%n",
        managed.endToEnd().toMillis() / rawMean);
    System.out.printf(
        "  reconciliations started per ManagedApi until all were Ready: %.1f%n",
        managed.reconciles() / (double) count);
    printLags("Deployment Available -> ManagedApi Ready, per ManagedApi", managed.readyLagMillis());
    printLags(
        "  the same, for Deployments Available after the operator's last write",
        managed.readyLagAfterCreationMillis());
    System.out.printf("%nAPI server requests during each phase, per object (write verbs)%n");
    var keys = new java.util.TreeSet<String>();
    results.forEach(r -> keys.addAll(r.requests().keySet()));
    System.out.printf("  %-44s", "verb resource");
    results.forEach(r -> System.out.printf(" %10s", r.name()));
    System.out.println();
    for (String key : keys) {
      if (!key.matches("(POST|PUT|PATCH|APPLY|DELETE) .*")) {
        continue;
      }
      System.out.printf("  %-44s", key);
      results.forEach(
          r -> System.out.printf(" %10.2f", r.requests().getOrDefault(key, 0L) / (double) count));
      System.out.println();
    }
    printCpu(results);
  }

  /** Where the machine's cores went in each phase, from its start until all were Ready. */
  private static void printCpu(List<PhaseResult> results) {
    if (results.getFirst().cpuSeconds().isEmpty()) {
      return;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(
        "%nCPU seconds used during each phase (of %d cores x its end-to-end time)%n", cores);
    System.out.printf("  %-44s", "process");
    results.forEach(r -> System.out.printf(" %10s", r.name()));
    System.out.println();
    for (String process : results.getFirst().cpuSeconds().keySet()) {
      System.out.printf("  %-44s", process);
      results.forEach(r -> System.out.printf(" %10.1f", r.cpuSeconds().getOrDefault(process, 0.0)));
      System.out.println();
    }
    System.out.printf("  %-44s", "available");
    results.forEach(r -> System.out.printf(" %10.1f", cores * r.endToEnd().toMillis() / 1000.0));
    System.out.println();
  }

  private static void printLags(String what, List<Double> lags) {
    if (!lags.isEmpty()) {
      System.out.printf(
          "  %s: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d seen)%n",
          what,
          CrashDetectionLatency.percentile(lags, 50),
          CrashDetectionLatency.percentile(lags, 99),
          lags.getLast(),
          lags.size());
    }
  }

  private static String jcmd(String pid, String command) {
    try {
      Process process =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), pid, command)
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes());
      process.waitFor(60, TimeUnit.SECONDS);
      return output;
    } catch (java.io.IOException e) {
      return "jcmd failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static void reportOperator(String metricsUrl, String pid) {
    try {
      String body = operatorMetricsText(metricsUrl);
      System.out.printf(
          "Operator /metrics: %.1f kB, %d lines%n", body.length() / 1024.0, body.lines().count());
      String status = Files.readString(Path.of("/proc", pid, "status"));
      Matcher rss = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(status);
      Matcher hwm = Pattern.compile("VmHWM:\\s+(\\d+) kB").matcher(status);
      if (rss.find() && hwm.find()) {
        System.out.printf(
            "Operator resident memory: %d MiB now, %d MiB at its peak%n",
            Long.parseLong(rss.group(1)) / 1024, Long.parseLong(hwm.group(1)) / 1024);
      }
    } catch (java.io.IOException e) {
      System.out.println("Cannot read the operator's figures: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    jcmd(pid, "GC.run");
    // One line per generation or region set ("def new generation total 31168K, used 38K", ...).
    String generations =
        jcmd(pid, "GC.heap_info")
            .lines()
            .filter(line -> line.contains("total") && line.contains("used"))
            .map(line -> line.strip().replaceAll("\\s*\\[.*$", ""))
            .collect(java.util.stream.Collectors.joining("; "));
    System.out.println("Operator heap after a full GC: " + generations);
  }
}
