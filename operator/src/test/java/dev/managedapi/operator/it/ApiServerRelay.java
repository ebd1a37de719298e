package dev.managedapi.operator.it;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback between an operator's client and the test API server, which the test can
 * cut and restore: cut closes every connection and leaves nothing listening on the relay's port, so
 * new connections are refused; restore listens on the same port again. To the operator that is an
 * API-server outage, while etcd and the API server keep their state. TLS passes through untouched:
 * kube-api-test's serving certificate names 127.0.0.1, whatever the port.
 *
 * <p>{@link #between} relays any TCP server the same way, on another local address: E2E tests put a
 * database the pods reach on the node link behind one, to take it away and bring it back.
 */
public final class ApiServerRelay implements AutoCloseable {

  private final InetSocketAddress upstream;
  private final InetAddress bindAddress;
  private final int port;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket listener;

  ApiServerRelay(String apiServerUrl) {
    this(
        InetAddress.getLoopbackAddress(),
        new InetSocketAddress(
            URI.create(apiServerUrl).getHost(), URI.create(apiServerUrl).getPort()));
  }

  private ApiServerRelay(InetAddress bindAddress, InetSocketAddress upstream) {
    this.bindAddress = bindAddress;
    this.upstream = upstream;
    listener = listen(0);
    port = listener.getLocalPort();
    acceptOn(listener);
  }

  /** A relay listening on {@code bindAddress} (a free port) to {@code upstream}. */
  public static ApiServerRelay between(InetAddress bindAddress, InetSocketAddress upstream) {
    return new ApiServerRelay(bindAddress, upstream);
  }

  public int port() {
    return port;
  }

  /** The admin configuration, pointed at the relay instead of the API server. */
  Config clientConfig(Config direct) {
    return new ConfigBuilder(direct).withMasterUrl("https://127.0.0.1:" + port).build();
  }

  /** A kubeconfig for a process of its own, pointed at the relay. */
  String kubeconfig(String direct) {
    return direct.replace("https://127.0.0.1:" + upstream.getPort(), "https://127.0.0.1:" + port);
  }

  /** The API server goes away: open connections break, new ones are refused. */
  public synchronized void cut() {
    closeQuietly(listener);
    connections.forEach(ApiServerRelay::closeQuietly);
    connections.clear();
  }

  /** The API server is back, on the same address. */
  public synchronized void restore() {
    if (listener.isClosed()) {
      listener = listen(port);
      acceptOn(listener);
    }
  }

  @Override
  public void close() {
    cut();
  }

  private ServerSocket listen(int port) {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(bindAddress, port));
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + bindAddress.getHostAddress() + ":" + port, e);
    }
  }

  private void acceptOn(ServerSocket socket) {
    Thread.ofVirtual()
        .name("relay-accept-" + port)
        .start(
            () -> {
              while (!socket.isClosed()) {
                try {
                  relay(socket, socket.accept());
                } catch (IOException e) {
                  // Closed by cut(): stop accepting.
                }
              }
            });
  }

  private void relay(ServerSocket acceptedBy, Socket client) {
    connections.add(client);
    if (acceptedBy.isClosed()) {
      // cut() ran between accept and add: this connection must not outlive it.
      closeQuietly(client);
      return;
    }
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                Socket server = new Socket();
                connections.add(server);
                server.connect(upstream);
                Thread.ofVirtual().start(() -> pipe(server, client));
                pipe(client, server);
              } catch (IOException e) {
                closeQuietly(client);
              }
            });
  }

  private void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[16 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (SocketException e) {
      // One side went away, or cut() closed both.
    } catch (IOException e) {
      // The same, reported differently.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      connections.remove(from);
      connections.remove(to);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Already closed.
    }
  }
}
