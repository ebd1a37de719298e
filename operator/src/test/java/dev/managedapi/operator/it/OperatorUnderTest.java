package dev.managedapi.operator.it;

import dev.managedapi.operator.ManagedApiOperator;
import dev.managedapi.operator.client.ClientSettings;
import dev.managedapi.operator.config.OperatorConfig;
import dev.managedapi.operator.config.Shard;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real operator wiring ({@link ManagedApiOperator}) started in-process against a test API
 * server, through its own client so the test can see every write it sends.
 */
public final class OperatorUnderTest implements AutoCloseable {

  private final KubernetesClient client;
  private final ManagedApiOperator operator;
  private final List<String> writes = new CopyOnWriteArrayList<>();
  private final List<String> leakedInternals = new CopyOnWriteArrayList<>();
  private final String identity;

  private OperatorUnderTest(
      Config clientConfig,
      Clock clock,
      Duration resync,
      Duration notificationBackoff,
      Set<String> watchNamespaces,
      boolean leaderElection,
      Shard shard) {
    identity = "operator-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    Config operatorConfig = ClientSettings.forOperator(clientConfig);
    client =
        new KubernetesClientBuilder()
            .withConfig(operatorConfig)
            .withHttpClientBuilderConsumer(
                ClientSettings.forHttpClient(operatorConfig)
                    .andThen(
                        builder ->
                            builder.addOrReplaceInterceptor("record-writes", new WriteRecorder())))
            .build();
    OperatorConfig config =
        new OperatorConfig(
            watchNamespaces,
            "default",
            leaderElection,
            "managedapi-operator",
            identity,
            "INFO",
            OperatorConfig.LogFormat.text,
            "127.0.0.1",
            0,
            resync,
            "cluster.local",
            4,
            // Secrets roll the pods too, as with the chart's configRollout.secrets.
            true,
            16,
            shard);
    try {
      operator = new ManagedApiOperator(client, config, clock, notificationBackoff);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    operator.start();
  }

  public static OperatorUnderTest start(KubernetesClient adminClient, Clock clock) {
    return new OperatorUnderTest(
        adminClient.getConfiguration(),
        clock,
        Duration.ofMinutes(10),
        Duration.ofMillis(200),
        Set.of(),
        false,
        Shard.DEFAULT);
  }

  /** {@link #start}, with the webhook notifier's first retry after {@code notificationBackoff}. */
  public static OperatorUnderTest startWithNotificationBackoff(
      KubernetesClient adminClient, Clock clock, Duration notificationBackoff) {
    return new OperatorUnderTest(
        adminClient.getConfiguration(),
        clock,
        Duration.ofMinutes(10),
        notificationBackoff,
        Set.of(),
        false,
        Shard.DEFAULT);
  }

  /**
   * An operator that watches only the given namespaces, for a shared cluster where other tests run
   * operators of their own.
   */
  public static OperatorUnderTest watching(KubernetesClient adminClient, Set<String> namespaces) {
    return new OperatorUnderTest(
        adminClient.getConfiguration(),
        Clock.systemUTC(),
        Duration.ofMinutes(10),
        Duration.ofMillis(200),
        namespaces,
        false,
        Shard.DEFAULT);
  }

  /** A replica with leader election on, holding or waiting for the Lease in "default". */
  public static OperatorUnderTest replica(KubernetesClient adminClient) {
    return replica(adminClient.getConfiguration());
  }

  /**
   * A replica whose client uses {@code clientConfig}, such as one through an {@link
   * ApiServerRelay}.
   */
  public static OperatorUnderTest replica(Config clientConfig) {
    return new OperatorUnderTest(
        clientConfig,
        Clock.systemUTC(),
        Duration.ofMinutes(10),
        Duration.ofMillis(200),
        Set.of(),
        true,
        Shard.DEFAULT);
  }

  public static OperatorUnderTest startWithResync(
      KubernetesClient adminClient, Clock clock, Duration resync) {
    return new OperatorUnderTest(
        adminClient.getConfiguration(),
        clock,
        resync,
        Duration.ofMillis(200),
        Set.of(),
        false,
        Shard.DEFAULT);
  }

  /**
   * An operator of one shard: it reconciles the ManagedApis labelled {@code
   * managedapi.dev/shard=<shard>}, or with {@link Shard#DEFAULT} the unlabelled ones.
   */
  public static OperatorUnderTest shard(KubernetesClient adminClient, Shard shard) {
    return new OperatorUnderTest(
        adminClient.getConfiguration(),
        Clock.systemUTC(),
        Duration.ofMinutes(10),
        Duration.ofMillis(200),
        Set.of(),
        false,
        shard);
  }

  /** Every non-GET request the operator sent, as "METHOD path". */
  public List<String> writes() {
    return List.copyOf(writes);
  }

  /**
   * Every write but those a standby makes too: trying for the leader-election Lease, and JOSDK's
   * check at start that it may (a SelfSubjectRulesReview, which writes nothing). What is left is
   * what reconciling writes.
   */
  public List<String> writesBesidesTheLease() {
    return writes.stream()
        .filter(w -> !w.contains("/apis/coordination.k8s.io/"))
        .filter(w -> !w.contains("/apis/authorization.k8s.io/"))
        .toList();
  }

  /** Whether this replica says, on its /metrics, that it holds the Lease. */
  public boolean leads() {
    return get("/metrics").contains("managedapi_operator_leader 1.0");
  }

  public void forgetWrites() {
    writes.clear();
  }

  /** Reconciliations the operator has started, from its own /metrics endpoint. */
  public long reconciliationsStarted() {
    return metric("operator_sdk_reconciliations_started_total");
  }

  /** A counter from the operator's /metrics, summed over its series (0 before the first). */
  public long metric(String name) {
    String metrics = get("/metrics");
    Matcher matcher =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? ([0-9.E]+)$")
            .matcher(metrics);
    long total = 0;
    while (matcher.find()) {
      total += (long) Double.parseDouble(matcher.group(1));
    }
    return total;
  }

  /** This replica's name in the Lease. */
  public String identity() {
    return identity;
  }

  /** The HTTP status of {@code path}, asked as a kubelet asks: a 2-second timeout, -1 for none. */
  public int probe(String path) {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      return http.send(
              java.net.http.HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + operator.httpPort() + path))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  public String get(String path) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              java.net.http.HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + operator.httpPort() + path))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stops the operator; fails the test if the operator wrote a Java exception's name or a stack
   * frame into a status condition or an Event, where users read them (see {@link LeakedInternals}).
   */
  @Override
  public void close() {
    operator.close();
    client.close();
    if (!leakedInternals.isEmpty()) {
      throw new AssertionError(
          "The operator wrote its internals where users read them:\n"
              + String.join("\n", leakedInternals));
    }
  }

  private final class WriteRecorder implements Interceptor {
    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      if (!"GET".equals(request.method())) {
        writes.add(
            request.method()
                + " "
                + request.uri().getPath()
                + (request.uri().getQuery() == null ? "" : "?" + request.uri().getQuery()));
        leakedInternals.addAll(
            LeakedInternals.in(request.method(), request.uri().getPath(), request.bodyString()));
      }
    }
  }
}
