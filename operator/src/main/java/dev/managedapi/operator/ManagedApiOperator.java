package dev.managedapi.operator;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.client.ClientSettings;
import dev.managedapi.operator.client.KubernetesErrors;
import dev.managedapi.operator.client.WithoutManagedFields;
import dev.managedapi.operator.config.OperatorConfig;
import dev.managedapi.operator.dependent.ReferencedConfig;
import dev.managedapi.operator.events.EventRecorder;
import dev.managedapi.operator.events.EventWriters;
import dev.managedapi.operator.health.HealthDetailsProber;
import dev.managedapi.operator.http.OperatorHttpServer;
import dev.managedapi.operator.metrics.ManagedApiMetrics;
import dev.managedapi.operator.metrics.OperatorMetrics;
import dev.managedapi.operator.notify.NotificationOutbox;
import dev.managedapi.operator.notify.WebhookNotifier;
import dev.managedapi.operator.reconciler.ManagedApiReconciler;
import dev.managedapi.operator.reconciler.TransitionAnnouncer;
import dev.managedapi.operator.restarts.ClusterPodDiagnostics;
import dev.managedapi.operator.restarts.FailureDiagnosis;
import dev.managedapi.operator.restarts.LogReads;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process: wires every collaborator by hand (no DI framework), starts JOSDK with
 * leader election, and serves health and metrics. {@link #main} adds configuration from the
 * environment, the preflight check and the SIGTERM hook; tests build it directly.
 *
 * <p>A lease lost while running (the API server out of reach for longer than the renew deadline)
 * demotes this replica to standby in-process: the JOSDK {@link Operator} is stopped, waiting for
 * the reconciles in flight, and a fresh one is built from the same collaborators and started as a
 * standby once the API server answers again. A process restart would achieve nothing more, and
 * restarting every replica of an outage at once is how an outage cascades.
 */
public final class ManagedApiOperator implements AutoCloseable {

  /** How long a stopping operator waits for the reconciles in flight before interrupting them. */
  static final Duration RECONCILE_TERMINATION_TIMEOUT = Duration.ofSeconds(10);

  /** The preflight's waits while the API server cannot be reached: 1 s, 2 s, ... 30 s, 30 s. */
  static final Duration PREFLIGHT_FIRST_BACKOFF = Duration.ofSeconds(1);

  static final Duration PREFLIGHT_MAX_BACKOFF = Duration.ofSeconds(30);

  /** Between two looks at whether the API server is back, while demoted to standby. */
  static final Duration API_SERVER_POLL = Duration.ofSeconds(1);

  // Not static: main() must choose the log format before logback initialises.
  private final Logger log = LoggerFactory.getLogger(ManagedApiOperator.class);

  private final KubernetesClient client;
  private final OperatorConfig config;
  private final ManagedApiReconciler reconciler;
  private final OperatorMetrics operatorMetrics;
  private final ManagedApiMetrics managedApiMetrics;
  private final Counter leaseLosses;
  private final OperatorHttpServer http;
  private final ScheduledExecutorService notificationExecutor;
  private final HealthDetailsProber healthDetails;
  private final ClusterPodDiagnostics podDiagnostics;
  private static final int LOG_READERS = 4;
  private final java.util.concurrent.ExecutorService logReaders;
  // Four writers keep up with a crash storm's news; past the backlog, news is dropped with a
  // warning rather than held in memory without bound.
  private static final int EVENT_WRITERS = 4;
  private static final int EVENT_BACKLOG_EACH = 250;
  // The news of the last passes still goes out on close, for a little while.
  private static final Duration EVENTS_ON_CLOSE = Duration.ofSeconds(2);
  private final EventWriters eventWriters;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicBoolean standbyRebuildFailed = new AtomicBoolean();
  // Which JOSDK operator is current: leader callbacks of a retired one are ignored.
  private final AtomicInteger incarnation = new AtomicInteger();
  private final Object lifecycle = new Object();
  private volatile Operator operator;

  public ManagedApiOperator(KubernetesClient client, OperatorConfig config, Clock clock)
      throws IOException {
    this(client, config, clock, WebhookNotifier.DEFAULT_FIRST_BACKOFF);
  }

  public ManagedApiOperator(
      KubernetesClient client, OperatorConfig config, Clock clock, Duration notificationBackoff)
      throws IOException {
    this.client = client;
    this.config = config;
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    bindProcessMetrics(registry);
    managedApiMetrics = new ManagedApiMetrics(registry);
    eventWriters = new EventWriters(EVENT_WRITERS, EVENT_BACKLOG_EACH);
    EventRecorder events =
        new EventRecorder(client, clock, config.leaderIdentity(), eventWriters::execute);

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

    healthDetails =
        new HealthDetailsProber(
            clock,
            config.healthDetailsConcurrency(),
            // A tracked ManagedApi is reconciled at least once per resync interval.
            config.resyncInterval().multipliedBy(2).plusMinutes(1),
            healthProbeCounter(registry));
    podDiagnostics = new ClusterPodDiagnostics(client);
    // Each read ends within ClusterPodDiagnostics.REQUEST_TIMEOUT; a few at a time is plenty when
    // kubelets answer, and bounds what a storm of crashes on a silent node asks of the API server.
    logReaders =
        Executors.newFixedThreadPool(
            LOG_READERS, Thread.ofPlatform().name("log-reader-", 0).daemon().factory());
    reconciler =
        new ManagedApiReconciler(
            clock,
            new FailureDiagnosis(
                podDiagnostics, new LogReads(podDiagnostics, logReaders, LogReads.PATIENCE, clock)),
            new TransitionAnnouncer(events, managedApiMetrics),
            events,
            managedApiMetrics,
            config.clusterDomain(),
            new ReferencedConfig(config.rollOnSecretChange()),
            healthDetails,
            new NotificationOutbox(notifier, events));
    // Per controller, not per resource: JOSDK's per-resource metrics add a 69-bucket histogram
    // for every ManagedApi (20 MB per scrape at 1,000).
    operatorMetrics =
        new OperatorMetrics(
            MicrometerMetrics.withoutPerResourceMetrics(registry), managedApiMetrics);
    if (!config.leaderElection()) {
      leading.set(true);
    }
    operator = newOperator(incarnation.get());

    Gauge.builder("managedapi_operator_leader", leading, l -> l.get() ? 1 : 0)
        .description("1 on the replica that holds the leader-election lease")
        .register(registry);
    leaseLosses =
        Counter.builder("managedapi_operator_lease_losses_total")
            .description("Leases lost while running, each followed by a restart as standby")
            .register(registry);
    Gauge.builder("managedapi_operator_informers_healthy", this, o -> o.informersHealthy() ? 1 : 0)
        .description("1 while every informer of the operator is connected and watching")
        .register(registry);

    http =
        new OperatorHttpServer(
            config.httpHost(), config.httpPort(), this::live, this::ready, registry);
  }

  /** A JOSDK operator with our reconciler; one per incarnation, since a stopped one is spent. */
  private Operator newOperator(int incarnationNumber) {
    Operator built =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(config.reconcileThreads())
                  .withStopOnInformerErrorDuringStartup(true)
                  .withReconciliationTerminationTimeout(RECONCILE_TERMINATION_TIMEOUT)
                  .withMetrics(operatorMetrics);
              if (config.leaderElection()) {
                overrider.withLeaderElectionConfiguration(leaderElection(incarnationNumber));
              }
            });
    built.register(
        reconciler,
        controller -> {
          if (!config.watchesAllNamespaces()) {
            controller.settingNamespaces(config.watchNamespaces());
          }
          controller.withReconciliationMaxInterval(config.resyncInterval());
          controller.withLabelSelector(config.shard().selector());
          // JOSDK copies the ManagedApi through JSON before every reconcile; its managedFields
          // (one entry listing every status condition's fields) were much of that copy, and the
          // operator never reads them: its status patch is a server-side apply of its own.
          WithoutManagedFields.<ManagedApi>forInformersOf(
                  config.watchesAllNamespaces()
                      ? Constants.WATCH_ALL_NAMESPACE_SET
                      : config.watchNamespaces())
              .ifPresent(controller::withItemStore);
        });
    return built;
  }

  private LeaderElectionConfiguration leaderElection(int incarnationNumber) {
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
              if (incarnation.get() == incarnationNumber) {
                leading.set(true);
                log.info("Started leading as {}", identity);
              }
            },
            () -> stoppedLeading(incarnationNumber),
            leader -> {}),
        // JOSDK would call System.exit here, which deadlocks when the lease is released by our own
        // SIGTERM hook; stoppedLeading() handles both cases instead.
        false);
  }

  /**
   * Released on shutdown: nothing to do. Lost while running: another replica may already be
   * reconciling, so stop at once and stand by. The callback runs on a thread of the operator being
   * stopped, hence the thread of its own.
   */
  private void stoppedLeading(int incarnationNumber) {
    if (incarnation.get() != incarnationNumber) {
      return;
    }
    leading.set(false);
    if (closing.get() || !incarnation.compareAndSet(incarnationNumber, incarnationNumber + 1)) {
      return;
    }
    log.error("Lost the leader-election lease; stopped reconciling, restarting as standby");
    leaseLosses.increment();
    Operator lost = operator;
    Thread.ofPlatform()
        .name("standby-after-lost-lease")
        .start(() -> restartAsStandby(lost, incarnationNumber + 1));
  }

  private void restartAsStandby(Operator lost, int incarnationNumber) {
    try {
      lost.stop();
      // Another replica reports the ManagedApis now. Left in place, this one's last values would
      // be scraped for ever: a crash loop that ended meanwhile would keep its alert firing.
      managedApiMetrics.forgetAll();
      if (!awaitApiServer()) {
        return;
      }
      synchronized (lifecycle) {
        if (closing.get()) {
          return;
        }
        operator = newOperator(incarnationNumber);
        operator.start();
      }
      log.info("Restarted as standby after losing the lease; waiting for the lease again");
    } catch (RuntimeException e) {
      standbyRebuildFailed.set(true);
      log.error("Could not restart as standby after losing the lease; /healthz now fails", e);
    }
  }

  /**
   * Waits until the API server answers, so the new operator's informers can sync at once. Returns
   * false when the process is closing meanwhile.
   */
  private boolean awaitApiServer() {
    boolean logged = false;
    while (!closing.get()) {
      try {
        client.getKubernetesVersion();
        if (logged) {
          log.info("The Kubernetes API server answers again");
        }
        return true;
      } catch (KubernetesClientException e) {
        if (!logged) {
          log.warn("Waiting for the Kubernetes API server: {}", KubernetesErrors.describe(e));
          logged = true;
        }
      }
      try {
        Thread.sleep(API_SERVER_POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /**
   * Live unless this process is in a state only a restart mends: it lost the lease and could not
   * rebuild its operator. An unreachable API server or a reconnecting informer is not such a state:
   * a restarted process would find the same API server, so those go to readiness.
   */
  private boolean live() {
    return !standbyRebuildFailed.get();
  }

  /**
   * Ready once started and while every informer is watching; standby replicas are ready too, they
   * serve metrics and take over.
   */
  private boolean ready() {
    return informersHealthy();
  }

  private boolean informersHealthy() {
    RuntimeInfo runtime = operator.getRuntimeInfo();
    return runtime.isStarted() && runtime.allEventSourcesAreHealthy();
  }

  /**
   * One counter per result, for the whole operator: what the health-details probing costs (its rate
   * is requests per second) without a series per ManagedApi.
   */
  private static java.util.function.Consumer<HealthDetailsProber.Result> healthProbeCounter(
      PrometheusMeterRegistry registry) {
    java.util.Map<HealthDetailsProber.Result, Counter> counters =
        new java.util.EnumMap<>(HealthDetailsProber.Result.class);
    for (HealthDetailsProber.Result result : HealthDetailsProber.Result.values()) {
      counters.put(
          result,
          Counter.builder("managedapi_health_details_probes_total")
              .description(
                  "Reads of pods' health bodies (spec.health.detailsPath), by result: details"
                      + " (a body the operator understands), no_details, unreachable")
              .tag("result", result.name())
              .register(registry));
    }
    return result -> counters.get(result).increment();
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
    synchronized (lifecycle) {
      operator.start();
    }
  }

  public int httpPort() {
    return http.port();
  }

  @Override
  public void close() {
    closing.set(true);
    synchronized (lifecycle) {
      operator.stop();
    }
    notificationExecutor.shutdownNow();
    eventWriters.close(EVENTS_ON_CLOSE);
    healthDetails.close();
    logReaders.shutdownNow();
    podDiagnostics.close();
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
    Config clientConfig = ClientSettings.forOperator(Config.autoConfigure(null));
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(clientConfig)
            .withHttpClientBuilderConsumer(ClientSettings.forHttpClient(clientConfig))
            .build();
    List<String> problems;
    // A few quick retries per check ride out an API server that is still warming up (429 "storage
    // is initializing" right after a CRD is installed); an API server out of reach is waited for
    // with a growing back-off; a wrong kubeconfig, RBAC or a missing CRD fails in seconds.
    try (KubernetesClient preflightClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withRequestRetryBackoffLimit(3)
                    .withRequestRetryBackoffInterval(500)
                    .withConnectionTimeout(5_000)
                    .build())
            .build()) {
      problems =
          Preflight.checkWhenReachable(
              preflightClient, config, PREFLIGHT_FIRST_BACKOFF, PREFLIGHT_MAX_BACKOFF);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.exit(1);
      return;
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
