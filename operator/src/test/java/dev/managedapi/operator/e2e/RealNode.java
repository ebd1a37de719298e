package dev.managedapi.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The local cluster's real node: a kubelet with containerd and runc, and kube-proxy, in a network
 * namespace whose pod IPs and Service ClusterIPs this host reaches through a route. Tests send
 * traffic to those addresses only, never anywhere else, so {@link #uri} refuses any other one.
 */
public final class RealNode {

  /** The node's name, as its kubelet registered it. */
  public static final String NAME = System.getProperty("managedapi.e2e.node", "managedapi-node");

  /** Pod IPs and Service ClusterIPs of the local cluster lie in this /16, and nothing else. */
  private static final byte[] CLUSTER_PREFIX = {(byte) 198, 19};

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private RealNode() {}

  /**
   * A pod the kubelet really runs: on this node, Ready, every container started by containerd and
   * never restarted. Kubernetes' own conditions and container ids say so, not the test.
   */
  public static void assertRunsThePod(Pod pod) {
    String name = pod.getMetadata().getName();
    assertThat(pod.getSpec().getNodeName()).as("%s's node", name).isEqualTo(NAME);
    assertThat(Readiness.isPodReady(pod)).as("%s Ready", name).isTrue();
    assertThat(pod.getStatus().getContainerStatuses())
        .as("%s's containers", name)
        .isNotEmpty()
        .allSatisfy(
            container -> {
              assertThat(container.getReady()).as("%s ready", container.getName()).isTrue();
              assertThat(container.getRestartCount())
                  .as("%s's restarts", container.getName())
                  .isZero();
              assertThat(container.getContainerID())
                  .as("%s's container id", container.getName())
                  .startsWith("containerd://");
            });
  }

  /** {@code http://address:port/path}, for an address inside the cluster's network only. */
  public static URI uri(String address, int port, String path) {
    URI uri = URI.create("http://" + address + ":" + port + path);
    requireRoutedIntoTheNode(uri);
    return uri;
  }

  /**
   * Refuses an address outside 198.19.0.0/16, and one this host has no route of its own for: if the
   * node's network namespace is gone, its addresses would follow the default route off the machine.
   * Every request checks again, since the namespace can go while a test runs. Loopback (a `kubectl
   * port-forward`) passes.
   */
  static void requireRoutedIntoTheNode(URI uri) {
    InetAddress address;
    try {
      address = InetAddress.getByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Not an address: " + uri, e);
    }
    if (address.isLoopbackAddress()) {
      return;
    }
    byte[] bytes = address.getAddress();
    if (bytes.length != 4 || bytes[0] != CLUSTER_PREFIX[0] || bytes[1] != CLUSTER_PREFIX[1]) {
      throw new IllegalArgumentException(
          uri.getHost() + " is not a pod IP or ClusterIP of the local cluster (198.19.0.0/16)");
    }
    if (!routedBySpecificRoute(ByteBuffer.wrap(bytes).getInt())) {
      throw new IllegalStateException(
          ("No route into the node's network namespace for %s (only the default route): the"
                  + " local cluster's node network is down. Nothing was sent.")
              .formatted(uri.getHost()));
    }
  }

  /** Whether a route other than the default one covers the address (/proc/net/route). */
  private static boolean routedBySpecificRoute(int address) {
    try (var lines = Files.lines(Path.of("/proc/net/route"))) {
      return lines
          .skip(1)
          .map(line -> line.trim().split("\\s+"))
          .filter(fields -> fields.length > 7)
          .anyMatch(
              fields -> {
                // Destination and mask are hexadecimal in the kernel's (little-endian) order.
                int destination = Integer.reverseBytes(Integer.parseUnsignedInt(fields[1], 16));
                int mask = Integer.reverseBytes(Integer.parseUnsignedInt(fields[7], 16));
                return mask != 0 && (address & mask) == destination;
              });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read this host's routes", e);
    }
  }

  /** A Service's ClusterIP on its first port: what kube-proxy's rules route to its endpoints. */
  public static URI clusterIpUri(Service service, String path) {
    return uri(
        service.getSpec().getClusterIP(), service.getSpec().getPorts().getFirst().getPort(), path);
  }

  /** The status of a GET, or -1 when nothing answered within five seconds. */
  public static int status(URI uri) {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build()) {
      return http.send(get(uri), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The body of a GET that must answer. */
  public static String body(URI uri) {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build()) {
      return http.send(get(uri), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new IllegalStateException("GET " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpRequest get(URI uri) {
    requireRoutedIntoTheNode(uri);
    return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).build();
  }
}
