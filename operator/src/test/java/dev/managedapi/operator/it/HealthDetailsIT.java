package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Degraded condition from the pods' own health bodies, against a real kube-apiserver. There is
 * no kubelet, so {@link ControllerSimulator} writes the pods' statuses with pod IP 127.0.0.2, and
 * the "pods" are an HTTP server on that loopback address: the operator reaches them exactly as it
 * reaches a pod IP in a cluster.
 */
@EnableKubeAPIServer
class HealthDetailsIT {

  static final String DATABASE_DEGRADED =
      """
      {"name":"api-service","status":"DEGRADED","details":{
        "database":{"name":"api-service","status":"DEGRADED",
          "details":{"kind":"postgresql","circuitBreaker":"OPEN","error":"Connection refused"}},
        "diskSpace":{"name":"api-service","status":"UP"}}}""";
  static final String ALL_UP =
      """
      {"name":"api-service","status":"UP","details":{
        "database":{"name":"api-service","status":"UP"},
        "diskSpace":{"name":"api-service","status":"UP"}}}""";

  static KubernetesClient client;
  static OperatorUnderTest operator;
  static WebhookReceiver receiver;

  @BeforeAll
  static void start() {
    Crds.install(client);
    // The real clock: the recovery hold is measured in it, on the prober's own schedule.
    operator = OperatorUnderTest.start(client, Clock.systemUTC());
    receiver = new WebhookReceiver();
  }

  @AfterAll
  static void stop() {
    operator.close();
    receiver.close();
  }

  @Test
  void aDegradedDatabaseIsReportedNamedAndAnnouncedThenClearsAndAnUnknownBodyChangesNothing() {
    try (PodHealthServer pods = new PodHealthServer(DATABASE_DEGRADED)) {
      var apis = new ManagedApis(client, "degraded");
      receiver.storeUrlInSecret(client, "degraded", "alerts");
      apis.create(
          "orders",
          """
          image: ghcr.io/acme/orders:1.4.2
          replicas: 2
          port: %d
          health: {detailsIntervalSeconds: 5}
          notifications: {webhookSecretRef: {name: alerts, key: url}}"""
              .formatted(pods.port()));
      var cluster = new ControllerSimulator(client, "degraded");
      cluster.rollOut("orders");
      apis.awaitCondition("orders", "Ready", "True", "Ready");

      // Two probes in a row (5 s interval, confirmation 1 s later), then a reconcile.
      ManagedApi degraded =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> apis.get("orders"), api -> hasReason(api, "Degraded", "ApiDegraded"));
      Condition condition = ManagedApis.condition(degraded, "Degraded").orElseThrow();
      assertThat(condition.getStatus()).isEqualTo("True");
      assertThat(condition.getMessage())
          .matches(
              "2 of 2 pods report DEGRADED \\(orders-[a-z0-9-]+, orders-[a-z0-9-]+\\): database"
                  + " DEGRADED since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\.");
      // Reporting only: the pods stay ready and in service.
      assertThat(ManagedApis.condition(degraded, "Ready").orElseThrow().getReason())
          .isEqualTo("Ready");
      assertThat(pods.requests()).allMatch(path -> path.equals("/health"));
      assertThat(metric("managedapi_api_degraded", "degraded", "orders")).isEqualTo(1.0);
      await().atMost(Duration.ofSeconds(10)).until(() -> events("degraded", "ApiDegraded") == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> delivered("ApiDegraded").size() == 1);
      assertThat(delivered("ApiDegraded").getFirst())
          .contains("*API degraded*: ManagedApi degraded/orders")
          .contains("database DEGRADED since");

      pods.answer(ALL_UP);
      // Recovery holds three intervals (15 s) before it counts.
      ManagedApi recovered =
          await()
              .atMost(Duration.ofSeconds(45))
              .until(() -> apis.get("orders"), api -> hasReason(api, "Degraded", "AsExpected"));
      assertThat(ManagedApis.condition(recovered, "Degraded").orElseThrow().getStatus())
          .isEqualTo("False");
      assertThat(metric("managedapi_api_degraded", "degraded", "orders")).isEqualTo(0.0);
      await().atMost(Duration.ofSeconds(10)).until(() -> events("degraded", "ApiRecovered") == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> delivered("ApiRecovered").size() == 1);

      // Delivered news leaves status.pendingNotifications: the last write of the recovery.
      ManagedApi settled =
          apis.awaitStatus("orders", api -> api.getStatus().getPendingNotifications() == null);

      // A body the operator does not understand is no news: nothing changes over several probes.
      String since =
          ManagedApis.condition(settled, "Degraded").orElseThrow().getLastTransitionTime();
      String resourceVersion = settled.getMetadata().getResourceVersion();
      pods.answer("OK");
      long noDetails = probes("no_details");
      await().atMost(Duration.ofSeconds(30)).until(() -> probes("no_details") >= noDetails + 6);
      ManagedApi after = apis.get("orders");
      assertThat(ManagedApis.condition(after, "Degraded").orElseThrow())
          .satisfies(
              c -> {
                assertThat(c.getReason()).isEqualTo("AsExpected");
                assertThat(c.getLastTransitionTime()).isEqualTo(since);
              });
      assertThat(after.getMetadata().getResourceVersion()).isEqualTo(resourceVersion);
      assertThat(delivered("ApiDegraded")).hasSize(1);
    }
  }

  @Test
  void anEmptyDetailsPathTurnsTheReadingOff() {
    try (PodHealthServer pods = new PodHealthServer(DATABASE_DEGRADED)) {
      var apis = new ManagedApis(client, "off");
      apis.create(
          "orders",
          """
          image: ghcr.io/acme/orders:1.4.2
          port: %d
          health: {detailsPath: "", detailsIntervalSeconds: 5}"""
              .formatted(pods.port()));
      new ControllerSimulator(client, "off").rollOut("orders");
      apis.awaitCondition("orders", "Ready", "True", "Ready");

      // Longer than an interval and its confirmation: an enabled API would be Degraded by now.
      await()
          .during(Duration.ofSeconds(8))
          .atMost(Duration.ofSeconds(12))
          .until(() -> pods.requests().isEmpty());
      assertThat(ManagedApis.condition(apis.get("orders"), "Degraded").orElseThrow().getReason())
          .isEqualTo("AsExpected");
    }
  }

  private static boolean hasReason(ManagedApi api, String type, String reason) {
    return api != null
        && ManagedApis.condition(api, type).map(c -> reason.equals(c.getReason())).orElse(false);
  }

  private static long events(String namespace, String reason) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .count();
  }

  private static List<String> delivered(String kind) {
    return receiver.delivered(kind).stream().map(m -> m.get("text").asText()).toList();
  }

  private static long probes(String result) {
    Matcher m =
        Pattern.compile(
                "(?m)^managedapi_health_details_probes_total\\{result=\""
                    + result
                    + "\"\\} ([0-9.E]+)$")
            .matcher(operator.get("/metrics"));
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  private static double metric(String name, String namespace, String api) {
    Matcher m =
        Pattern.compile(
                "(?m)^"
                    + name
                    + "\\{name=\""
                    + api
                    + "\",namespace=\""
                    + namespace
                    + "\"\\} ([0-9.E]+)$")
            .matcher(operator.get("/metrics"));
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** Every pod's health endpoint: 127.0.0.2, the pod IP the simulator writes, one body for all. */
  static final class PodHealthServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicReference<String> body;
    private final List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();

    PodHealthServer(String initial) {
      body = new AtomicReference<>(initial);
      try {
        server = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.createContext(
          "/",
          exchange -> {
            requests.add(exchange.getRequestURI().getPath());
            count.incrementAndGet();
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          });
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    void answer(String newBody) {
      body.set(newBody);
    }

    List<String> requests() {
      return List.copyOf(requests);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
