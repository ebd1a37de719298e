package dev.managedapi.operator;

import dev.managedapi.operator.config.OperatorConfig;
import dev.managedapi.operator.events.EventRecorder;
import dev.managedapi.operator.http.OperatorHttpServer;
import dev.managedapi.operator.metrics.ManagedApiMetrics;
import dev.managedapi.operator.metrics.OperatorMetrics;
import dev.managedapi.operator.notify.WebhookNotifier;
import dev.managedapi.operator.reconciler.ManagedApiReconciler;
import dev.managedapi.operator.reconciler.TransitionAnnouncer;
import dev.managedapi.operator.restarts.ClusterPodDiagnostics;
import dev.managedapi.operator.restarts.FailureDiagnosis;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process: wires every collaborator by hand (no DI framework), starts JOSDK with
 * leader election, and serves health and metrics. {@link #main} adds configuration from the
 * environment, the preflight check and the SIGTERM hook; tests build it directly.
 */
public final class ManagedApiOperator implements AutoCloseable {

  // Not static: main() must choose the log format before logback initialises.
  private final Logger log = LoggerFactory.getLogger(ManagedApiOperator.class);

  private final Operator operator;
  private final OperatorHttpServer http;
  private final ScheduledExecutorService notificationExecutor;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean leaseLost = new AtomicBoolean();

  public ManagedApiOperator(KubernetesClient client, OperatorConfig config, Clock clock)
      throws IOException {
    this(client, config, clock, WebhookNotifier.DEFAULT_FIRST_BACKOFF);
  }

  public ManagedApiOperator(
      KubernetesClient client, OperatorConfig config, Clock clock, Duration notificationBackoff)
      throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    bindProcessMetrics(registry);
    ManagedApiMetrics managedApiMetrics = new ManagedApiMetrics(registry);
    EventRecorder events = new EventRecorder(client, clock);

    notificationExecutor =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-notifier").daemon().factory());
    WebhookNotifier notifier =
        new WebhookNotifier(
            client,
            notificationExecutor,
            notificationBackoff,
            outcome -> {
              var n = outcome.notification();
              managedApiMetrics.notificationFinished(n.namespace(), n.name(), outcome.delivered());
            });

    ManagedApiReconciler reconciler =
        new ManagedApiReconciler(
            clock,
            new FailureDiagnosis(new ClusterPodDiagnostics(client)),
            new TransitionAnnouncer(events, notifier, managedApiMetrics),
            events,
            managedApiMetrics,
            config.clusterDomain());

    operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(config.reconcileThreads())
                  .withStopOnInformerErrorDuringStartup(true)
                  // Per controller, not per resource: JOSDK's per-resource metrics add a
                  // 69-bucket histogram for every ManagedApi (20 MB per scrape at 1,000).
                  .withMetrics(
                      new OperatorMetrics(
                          MicrometerMetrics.withoutPerResourceMetrics(registry),
                          managedApiMetrics));
              if (config.leaderElection()) {
                overrider.withLeaderElectionConfiguration(leaderElection(config));
              } else {
                leading.set(true);
              }
            });
    operator.register(
        reconciler,
        controller -> {
          if (!config.watchesAllNamespaces()) {
            controller.settingNamespaces(config.watchNamespaces());
          }
          controller.withReconciliationMaxInterval(config.resyncInterval());
        });
    Gauge.builder("managedapi_operator_leader", leading, l -> l.get() ? 1 : 0)
        .description("1 on the replica that holds the leader-election lease")
        .register(registry);

    http =
        new OperatorHttpServer(
            config.httpHost(), config.httpPort(), this::live, this::ready, registry);
  }

  private LeaderElectionConfiguration leaderElection(OperatorConfig config) {
    String identity = config.leaderIdentity();
    return new LeaderElectionConfiguration(
        config.leaseName(),
        config.operatorNamespace(),
        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
        identity,
        new LeaderCallbacks(
            () -> {
              leading.set(true);
              log.info("Started leading as {}", identity);
            },
            this::stoppedLeading,
            leader -> {}),
        // JOSDK would call System.exit here, which deadlocks when the lease is released by our own
        // SIGTERM hook; stoppedLeading() handles both cases instead.
        false);
  }

  /**
   * Released on shutdown: nothing to do. Lost while running (the API server unreachable longer than
   * the lease): another replica may already be reconciling, so stop at once and fail liveness; the
   * kubelet restarts this one as a fresh standby.
   */
  private void stoppedLeading() {
    leading.set(false);
    if (closing.get()) {
      return;
    }
    leaseLost.set(true);
    log.error("Lost the leader-election lease; stopped reconciling, /healthz now fails");
    Thread.ofPlatform().name("stop-after-lost-lease").start(operator::stop);
  }

  /** Live while the informers are healthy; they run on standby replicas too. */
  private boolean live() {
    if (leaseLost.get()) {
      return false;
    }
    RuntimeInfo runtime = operator.getRuntimeInfo();
    return !runtime.isStarted() || runtime.allEventSourcesAreHealthy();
  }

  /** Ready once started: standby replicas are ready too, they serve metrics and take over. */
  private boolean ready() {
    return operator.getRuntimeInfo().isStarted();
  }

  private static void bindProcessMetrics(PrometheusMeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public void start() {
    http.start();
    operator.start();
  }

  public int httpPort() {
    return http.port();
  }

  @Override
  public void close() {
    closing.set(true);
    operator.stop();
    notificationExecutor.shutdownNow();
    http.close();
  }

  public static void main(String[] args) {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnvironment(System.getenv());
    } catch (OperatorConfig.InvalidConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Logging.configure(config);
    Logger log = LoggerFactory.getLogger(ManagedApiOperator.class);
    KubernetesClient client = new KubernetesClientBuilder().build();
    List<String> problems;
    // A few quick retries ride out an API server that is still warming up (429 "storage is
    // initializing" right after a CRD is installed), yet a wrong kubeconfig fails in seconds.
    try (KubernetesClient preflightClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withRequestRetryBackoffLimit(3)
                    .withRequestRetryBackoffInterval(500)
                    .withConnectionTimeout(5_000)
                    .build())
            .build()) {
      problems = Preflight.check(preflightClient, config);
    }
    if (!problems.isEmpty()) {
      problems.forEach(problem -> log.error("Cannot start: {}", problem));
      System.exit(1);
      return;
    }
    try {
      ManagedApiOperator managedApiOperator =
          new ManagedApiOperator(client, config, Clock.systemUTC());
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    log.info("Received SIGTERM; stopping");
                    managedApiOperator.close();
                    client.close();
                  },
                  "shutdown"));
      managedApiOperator.start();
      log.info(
          "Started managedapi operator watching {}",
          config.watchesAllNamespaces() ? "all namespaces" : config.watchNamespaces());
    } catch (IOException | RuntimeException e) {
      log.error("Cannot start: {}", e.getMessage(), e);
      System.exit(1);
    }
  }
}
