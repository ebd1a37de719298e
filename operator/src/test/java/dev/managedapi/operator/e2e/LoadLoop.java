package dev.managedapi.operator.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded load of GET requests on one address inside the cluster ({@link RealNode#uri}): a few
 * clients, each with its own keep-alive connections as a real caller has, each sending at a fixed
 * pace until {@link #stop()}, the request budget or the time bound, whichever comes first.
 */
final class LoadLoop implements AutoCloseable {

  /** The first failures are kept to say what went wrong; the rest are only counted. */
  private static final int FAILURES_KEPT = 20;

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final URI uri;
  private final int maxRequests;
  private final long deadlineNanos;
  private final long paceNanos;
  private final long startNanos = System.nanoTime();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicLong endNanos = new AtomicLong();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final long[] latencies;
  private final List<Thread> clients = new ArrayList<>();
  private volatile boolean stopped;

  private LoadLoop(
      URI uri, int clientCount, int requestsPerSecondEach, int maxRequests, Duration bound) {
    this.uri = uri;
    this.maxRequests = maxRequests;
    this.deadlineNanos = startNanos + bound.toNanos();
    this.paceNanos = 1_000_000_000L / requestsPerSecondEach;
    this.latencies = new long[maxRequests];
    for (int i = 0; i < clientCount; i++) {
      clients.add(Thread.ofPlatform().name("load-" + i).start(this::sendUntilDone));
    }
  }

  /**
   * Starts {@code clients} clients, each sending {@code requestsPerSecondEach} requests a second.
   */
  static LoadLoop start(
      URI uri, int clients, int requestsPerSecondEach, int maxRequests, Duration bound) {
    return new LoadLoop(uri, clients, requestsPerSecondEach, maxRequests, bound);
  }

  int sent() {
    return sent.get();
  }

  /** Whether the loop still runs: neither stopped nor out of budget or time. */
  boolean running() {
    return clients.stream().anyMatch(Thread::isAlive);
  }

  /** Stops the clients, waits for their last requests and reports. */
  Report stop() {
    stopped = true;
    for (Thread client : clients) {
      try {
        client.join(REQUEST_TIMEOUT.multipliedBy(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    int count = Math.min(sent.get(), maxRequests);
    long[] measured = Arrays.copyOf(latencies, count);
    Arrays.sort(measured);
    return new Report(
        count,
        failed.get(),
        Duration.ofNanos(Math.max(0, endNanos.get() - startNanos)),
        Duration.ofNanos(count == 0 ? 0 : measured[(int) Math.ceil(count * 0.99) - 1]),
        Duration.ofNanos(count == 0 ? 0 : measured[count - 1]),
        List.copyOf(failures));
  }

  @Override
  public void close() {
    stopped = true;
  }

  private void sendUntilDone() {
    try (HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REQUEST_TIMEOUT)
            .build()) {
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).build();
      long next = System.nanoTime();
      while (!stopped && System.nanoTime() < deadlineNanos) {
        int index = sent.getAndIncrement();
        if (index >= maxRequests) {
          break;
        }
        long begun = System.nanoTime();
        send(http, request, begun);
        latencies[index] = System.nanoTime() - begun;
        endNanos.accumulateAndGet(System.nanoTime(), Math::max);
        // Pace, not wait for a condition: a fixed rate keeps the load the same through the
        // rollout, and modest on a machine other tests share.
        next += paceNanos;
        LockSupport.parkNanos(next - System.nanoTime());
      }
    }
  }

  private void send(HttpClient http, HttpRequest request, long begun) {
    try {
      RealNode.requireRoutedIntoTheNode(uri);
    } catch (IllegalStateException e) {
      fail(begun, "not sent: " + e.getMessage());
      stopped = true;
      return;
    }
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        fail(begun, "HTTP " + response.statusCode() + " " + abbreviate(response.body()));
      }
    } catch (IOException e) {
      fail(begun, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped = true;
    }
  }

  private void fail(long begun, String what) {
    failed.incrementAndGet();
    if (failures.size() < FAILURES_KEPT) {
      failures.add("at %.1f s: %s".formatted((begun - startNanos) / 1e9, what));
    }
  }

  private static String abbreviate(String body) {
    return body.length() <= 200 ? body : body.substring(0, 200) + "...";
  }

  /** What the loop did, and the first failures, each with its time since the start. */
  record Report(
      int requests,
      int failed,
      Duration duration,
      Duration p99,
      Duration slowest,
      List<String> failures) {

    @Override
    public String toString() {
      return "%d requests, %d failed, in %.1f s (%.0f/s), p99 %d ms, slowest %d ms"
          .formatted(
              requests,
              failed,
              duration.toMillis() / 1000.0,
              requests / Math.max(0.001, duration.toMillis() / 1000.0),
              p99.toMillis(),
              slowest.toMillis());
    }
  }
}
