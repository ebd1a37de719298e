package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.FailureReport;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.restarts.ClusterPodDiagnostics;
import dev.managedapi.operator.restarts.LogReads;
import dev.managedapi.operator.restarts.PodDiagnostics.LogTail;
import dev.managedapi.operator.testing.OnChange;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A kubelet that accepts the API server's connection for a container log and never answers: the
 * diagnosis gives up on the log within its timeout, and so does the request itself, so no thread of
 * the operator keeps waiting for the kubelet after the reconcile has moved on (before, one of the
 * common pool's threads, the only one on two cores, waited 30 s while fabric8 retried the request).
 */
@EnableKubeAPIServer
class SlowKubeletIT {

  static KubernetesClient client;
  final SilentKubelet kubelet = new SilentKubelet();

  @BeforeAll
  static void installCrds() {
    Crds.install(client);
  }

  @AfterEach
  void stop() throws IOException {
    kubelet.close();
  }

  @Test
  void aKubeletThatNeverAnswersCostsTheLogReadItsTimeoutAndNoMore() {
    new ManagedApis(client, "slow");
    nodeWithSilentKubelet("silent");
    client
        .pods()
        .inNamespace("slow")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("orders-1")
                .endMetadata()
                .withNewSpec()
                .withNodeName("silent")
                .addNewContainer()
                .withName("api")
                .withImage("ghcr.io/acme/orders:1.4.2")
                .endContainer()
                .endSpec()
                .build())
        .create();
    ClusterPodDiagnostics diagnostics = new ClusterPodDiagnostics(client);
    double podListsAndWatchesBefore = podListsAndWatches();

    Instant started = Instant.now();
    LogTail tail = diagnostics.crashedInstanceLog("slow", "orders-1", "api", true, 20);
    Duration took = Duration.between(started, Instant.now());

    // The read is the log request alone: no informer waiting for the pod to be ready first.
    assertThat(podListsAndWatches()).isEqualTo(podListsAndWatchesBefore);

    assertThat(tail.text()).isNull();
    assertThat(tail.unavailableReason()).contains("took longer than");
    assertThat(took).isLessThan(ClusterPodDiagnostics.REQUEST_TIMEOUT.multipliedBy(3));
    assertThat(kubelet.connections()).as("the API server did ask the kubelet").isPositive();
    // And no other thread is still waiting for that log: the request itself has ended.
    assertThat(threadsReadingALog()).isEmpty();
  }

  @Test
  void aCrashOnASilentKubeletIsReportedAtOnceAndItsLogReasonFollows() {
    // ControllerSimulator's pods run on node-1: here its kubelet is the silent one.
    nodeWithSilentKubelet("node-1");
    var apis = new ManagedApis(client, "crash-slow");
    var cluster = new ControllerSimulator(client, "crash-slow");
    List<FailureReport> reports = new CopyOnWriteArrayList<>();
    try (var operator = OperatorUnderTest.watching(client, Set.of("crash-slow"));
        var watch =
            client
                .resources(ManagedApi.class)
                .inNamespace("crash-slow")
                .inform(
                    new OnChange<ManagedApi>(
                        api ->
                            ManagedApis.condition(api, "CrashLooping")
                                .filter(c -> "True".equals(c.getStatus()))
                                .ifPresent(c -> reports.add(api.getStatus().getLastFailure()))))) {
      apis.create("orders", "image: ghcr.io/acme/orders:1.4.2");
      Pod pod = cluster.rollOut("orders").getFirst();
      apis.awaitCondition("orders", "Ready", "True", "Ready");

      cluster.crash(pod.getMetadata().getName(), 1, "Error", "panic: cannot reach the database");
      ManagedApi settled =
          apis.awaitStatus(
              "orders",
              api ->
                  api.getStatus().getLastFailure() != null
                      && !LogReads.PENDING.equals(
                          api.getStatus().getLastFailure().logTailUnavailable()));

      assertThat(reports)
          .as("CrashLooping=True was written with the cause while the log was still on its way")
          .first()
          .satisfies(
              first -> {
                assertThat(first.reason()).isEqualTo("Error");
                assertThat(first.exitCode()).isEqualTo(1);
                assertThat(first.message()).isEqualTo("panic: cannot reach the database");
                assertThat(first.logTailUnavailable()).isEqualTo(LogReads.PENDING);
              });
      assertThat(settled.getStatus().getLastFailure().logTailUnavailable())
          .as("then the log's own outcome replaced the pending note")
          .contains("took longer than");
      assertThat(kubelet.connections()).as("one log read for the one failed instance").isOne();
    }
  }

  /** A node whose kubelet, as the API server finds it, is {@link #kubelet}. */
  private void nodeWithSilentKubelet(String name) {
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    client
        .nodes()
        .withName(name)
        .editStatus(
            node ->
                new NodeBuilder(node)
                    .withNewStatus()
                    .addNewAddress()
                    .withType("InternalIP")
                    .withAddress("127.0.0.1")
                    .endAddress()
                    .withNewDaemonEndpoints()
                    .withNewKubeletEndpoint()
                    .withPort(kubelet.port())
                    .endKubeletEndpoint()
                    .endDaemonEndpoints()
                    .endStatus()
                    .build());
  }

  /** The API server's own count of the LIST and WATCH requests for pods it has served. */
  private static double podListsAndWatches() {
    Matcher counted =
        Pattern.compile("(?m)^apiserver_request_total\\{([^}]*)} (\\S+)$")
            .matcher(client.raw("/metrics"));
    double sum = 0;
    while (counted.find()) {
      String labels = counted.group(1);
      if (labels.contains("resource=\"pods\"")
          && labels.contains("subresource=\"\"")
          && (labels.contains("verb=\"LIST\"") || labels.contains("verb=\"WATCH\""))) {
        sum += Double.parseDouble(counted.group(2));
      }
    }
    return sum;
  }

  private static List<String> threadsReadingALog() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(
            thread ->
                Arrays.stream(thread.getValue())
                    .anyMatch(
                        frame ->
                            frame.getClassName().equals(ClusterPodDiagnostics.class.getName())
                                && frame.getMethodName().equals("crashedInstanceLog")))
        .map(thread -> thread.getKey().getName())
        .toList();
  }

  /** Accepts connections and reads whatever arrives, never writing a byte. */
  static final class SilentKubelet implements AutoCloseable {
    private final ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();

    SilentKubelet() {
      try {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      Thread.ofVirtual().start(this::accept);
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          connections.incrementAndGet();
          Thread.ofVirtual().start(() -> drain(socket));
        } catch (IOException e) {
          return;
        }
      }
    }

    private void drain(Socket socket) {
      try (socket;
          InputStream in = socket.getInputStream()) {
        while (in.read() >= 0) {
          // The TLS ClientHello, never answered.
        }
      } catch (IOException e) {
        // Reset by the peer: closed all the same.
      }
    }

    int port() {
      return server.getLocalPort();
    }

    int connections() {
      return connections.get();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
