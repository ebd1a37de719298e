package dev.managedapi.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpServer;
import dev.managedapi.operator.notify.WebhookNotifier;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Slack-style incoming webhook on loopback that records what it receives, with the notification
 * id each request carried, and can be told to fail requests, the way a receiver with a hiccup does.
 */
public final class WebhookReceiver implements AutoCloseable {

  private static final JsonMapper JSON = new JsonMapper();

  private final HttpServer server;
  private final List<String> delivered = new CopyOnWriteArrayList<>();
  private final List<String> deliveredIds = new CopyOnWriteArrayList<>();
  private final List<String> attemptedIds = new CopyOnWriteArrayList<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger failureStatus = new AtomicInteger(503);

  public WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/hooks/managedapi",
        exchange -> {
          attempts.incrementAndGet();
          String id =
              String.valueOf(exchange.getRequestHeaders().getFirst(WebhookNotifier.ID_HEADER));
          attemptedIds.add(id);
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status =
              failuresLeft.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0
                  ? failureStatus.get()
                  : 200;
          if (status == 200) {
            delivered.add(body);
            deliveredIds.add(id);
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  /** A Secret {@code name} in {@code namespace} whose key "url" holds this receiver's URL. */
  public void storeUrlInSecret(KubernetesClient client, String namespace, String name) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToStringData("url", url())
                .build())
        .create();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/managedapi";
  }

  /** The delivered messages of one notification kind, parsed. */
  public List<JsonNode> delivered(String kind) {
    return delivered.stream()
        .map(WebhookReceiver::parse)
        .filter(message -> kind.equals(message.path("managedapi").path("kind").asText()))
        .toList();
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void failNext(int requests) {
    failNext(requests, 503);
  }

  /** Answers the next {@code requests} requests with {@code status} instead of 200. */
  public void failNext(int requests, int status) {
    failureStatus.set(status);
    failuresLeft.set(requests);
  }

  /** Answers every request from now on with {@code status}, as a receiver that refuses does. */
  public void failAllWith(int status) {
    failNext(Integer.MAX_VALUE, status);
  }

  /** Answers 200 from now on. */
  public void succeedFromNow() {
    failuresLeft.set(0);
  }

  /** The {@link WebhookNotifier#ID_HEADER} of each request answered 200, in arrival order. */
  public List<String> deliveredIds() {
    return List.copyOf(deliveredIds);
  }

  /** The {@link WebhookNotifier#ID_HEADER} of every request, answered 200 or not. */
  public List<String> attemptedIds() {
    return List.copyOf(attemptedIds);
  }

  public List<String> delivered() {
    return List.copyOf(delivered);
  }

  public int attempts() {
    return attempts.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
