package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.restarts.ClusterPodDiagnostics;
import dev.managedapi.operator.restarts.PodDiagnostics.LogTail;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.NodeBuilder;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
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

  @AfterEach
  void stop() throws IOException {
    kubelet.close();
  }

  @Test
  void aKubeletThatNeverAnswersCostsTheLogReadItsTimeoutAndNoMore() {
    new ManagedApis(client, "slow");
    client
        .nodes()
        .resource(new NodeBuilder().withNewMetadata().withName("silent").endMetadata().build())
        .create();
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("silent")
                .endMetadata()
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
                .build())
        .updateStatus();
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

    Instant started = Instant.now();
    LogTail tail = diagnostics.crashedInstanceLog("slow", "orders-1", "api", true, 20);
    Duration took = Duration.between(started, Instant.now());

    assertThat(tail.text()).isNull();
    assertThat(tail.unavailableReason()).contains("took longer than");
    assertThat(took).isLessThan(ClusterPodDiagnostics.REQUEST_TIMEOUT.multipliedBy(3));
    assertThat(kubelet.connections()).as("the API server did ask the kubelet").isPositive();
    // And no other thread is still waiting for that log: the request itself has ended.
    assertThat(threadsReadingALog()).isEmpty();
  }

  private static List<String> threadsReadingALog() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(
            thread ->
                Arrays.stream(thread.getValue())
                    .anyMatch(
                        frame ->
                            frame.getClassName().endsWith("PodOperationsImpl")
                                && frame.getMethodName().equals("getLog")))
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
