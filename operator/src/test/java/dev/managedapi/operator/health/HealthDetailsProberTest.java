package dev.managedapi.operator.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The prober against real HTTP servers on loopback, one per "pod" path. */
class HealthDetailsProberTest {

  static final String DEGRADED =
      "{\"status\":\"DEGRADED\",\"details\":{\"database\":{\"status\":\"DEGRADED\"}}}";
  static final String UP = "{\"status\":\"UP\",\"details\":{\"database\":{\"status\":\"UP\"}}}";
  static final ResourceID API = new ResourceID("orders", "shop");

  HttpServer server;
  final Map<String, AtomicReference<String>> bodies = new ConcurrentHashMap<>();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger mostInFlight = new AtomicInteger();
  final AtomicInteger requests = new AtomicInteger();
  volatile CountDownLatch hold = new CountDownLatch(0);
  final Map<HealthDetailsProber.Result, AtomicInteger> results = new ConcurrentHashMap<>();
  final List<ResourceID> changes = new CopyOnWriteArrayList<>();
  HealthDetailsProber prober;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    if (prober != null) {
      prober.close();
    }
    hold.countDown();
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      hold.await(5, TimeUnit.SECONDS);
      String body =
          bodies
              .getOrDefault(exchange.getRequestURI().getPath(), new AtomicReference<>("OK"))
              .get();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
      exchange.close();
    }
  }

  HealthDetailsProber prober(int concurrency) {
    prober =
        new HealthDetailsProber(
            Clock.systemUTC(),
            concurrency,
            Duration.ofMinutes(5),
            r -> results.computeIfAbsent(r, k -> new AtomicInteger()).incrementAndGet());
    prober.onChange(changes::add);
    return prober;
  }

  HealthDetailsProber.Target pod(String name) {
    return new HealthDetailsProber.Target(
        name, name + "-uid", "127.0.0.1", server.getAddress().getPort());
  }

  int count(HealthDetailsProber.Result result) {
    return results.getOrDefault(result, new AtomicInteger()).get();
  }

  @Test
  void aPodReportingDegradedIsConfirmedThenRecoversAndEachChangeTriggersAReconcile() {
    bodies.put("/orders-1/health", new AtomicReference<>(DEGRADED));
    prober(4).track(API, List.of(pod("orders-1")), "/orders-1/health", Duration.ofSeconds(1));

    await().atMost(Duration.ofSeconds(10)).until(() -> prober.verdicts(API).getFirst().degraded());
    assertThat(prober.verdicts(API).getFirst().components())
        .extracting(PodHealth.ComponentSince::name)
        .containsExactly("database");
    assertThat(changes).containsExactly(API);
    assertThat(count(HealthDetailsProber.Result.details)).isGreaterThanOrEqualTo(2);

    bodies.get("/orders-1/health").set(UP);
    await().atMost(Duration.ofSeconds(15)).until(() -> !prober.verdicts(API).getFirst().degraded());
    assertThat(changes).containsExactly(API, API);
  }

  @Test
  void noMoreRequestsThanTheConcurrencyAreInFlight() {
    hold = new CountDownLatch(1);
    List<HealthDetailsProber.Target> pods =
        List.of(pod("a"), pod("b"), pod("c"), pod("d"), pod("e"), pod("f"));
    prober(2).track(API, pods, "/health", Duration.ofSeconds(1));

    await().atMost(Duration.ofSeconds(5)).until(() -> inFlight.get() == 2);
    hold.countDown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> count(HealthDetailsProber.Result.no_details) >= pods.size());

    assertThat(mostInFlight.get()).isEqualTo(2);
  }

  @Test
  void aPodThatDoesNotAnswerTimesOutAfterASecond() {
    hold = new CountDownLatch(1);
    prober(4).track(API, List.of(pod("slow")), "/health", Duration.ofSeconds(1));

    long start = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(4))
        .until(() -> count(HealthDetailsProber.Result.unreachable) >= 1);
    // At most one interval (the first probe's jitter) plus the timeout, never the 5 s the server
    // would hold the request.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500));
    assertThat(prober.verdicts(API).getFirst().degraded()).isFalse();
  }

  @Test
  void aHugeBodyIsCutAtTheCapAndIsNoReport() {
    AtomicInteger written = new AtomicInteger();
    AtomicInteger hungUp = new AtomicInteger();
    server.createContext(
        "/huge",
        exchange -> {
          exchange.sendResponseHeaders(200, 0); // chunked: no length announced
          byte[] chunk = (DEGRADED + " ".repeat(8192)).getBytes(StandardCharsets.UTF_8);
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 8_000; i++) { // 64 MB unless the reader hangs up first
              out.write(chunk);
              out.flush();
              written.addAndGet(chunk.length);
            }
          } catch (IOException e) {
            hungUp.incrementAndGet(); // the prober stopped reading: what the cap is for
          }
        });
    prober(4).track(API, List.of(pod("huge")), "/huge", Duration.ofSeconds(1));

    await().atMost(Duration.ofSeconds(5)).until(() -> prober.verdicts(API).getFirst().settled());
    assertThat(count(HealthDetailsProber.Result.no_details)).isGreaterThanOrEqualTo(2);
    assertThat(hungUp.get()).isPositive();
    // 64 KiB read, plus what the sockets' buffers took before the connection closed.
    assertThat(written.get()).isLessThan(16 * 1024 * 1024);
    assertThat(prober.verdicts(API).getFirst().degraded()).isFalse();
    assertThat(changes).containsExactly(API); // settled: now it means something
  }

  @Test
  void aForgottenApiIsNoLongerProbed() {
    prober(4).track(API, List.of(pod("orders-1")), "/health", Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> requests.get() >= 1);

    prober.forget(API);
    int seen = requests.get();

    await()
        .during(Duration.ofMillis(2500))
        .atMost(Duration.ofSeconds(4))
        .until(() -> requests.get() <= seen + 1);
    assertThat(prober.verdicts(API)).isEmpty();
    assertThat(prober.trackedApis()).isZero();
  }

  @Test
  void aPodNoLongerTrackedTakesItsVerdictWithIt() {
    bodies.put("/health", new AtomicReference<>(DEGRADED));
    prober(4).track(API, List.of(pod("orders-1")), "/health", Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(10)).until(() -> prober.verdicts(API).getFirst().degraded());

    prober.track(API, List.of(pod("orders-2")), "/health", Duration.ofSeconds(1));

    assertThat(prober.verdicts(API))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.pod()).isEqualTo("orders-2");
              assertThat(v.degraded()).isFalse();
            });
  }

  @Test
  void jitterStaysWithinTenPercentAndConfirmationComesSooner() {
    for (int i = 0; i < 1000; i++) {
      Duration d = HealthDetailsProber.jittered(Duration.ofSeconds(30));
      assertThat(d).isBetween(Duration.ofSeconds(27), Duration.ofSeconds(33));
    }
    assertThat(HealthDetailsProber.confirmationDelay(Duration.ofSeconds(30)))
        .isEqualTo(Duration.ofSeconds(6));
    assertThat(HealthDetailsProber.confirmationDelay(Duration.ofSeconds(2)))
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void anIpv6PodIpIsBracketed() {
    assertThat(
            HealthDetailsProber.uri(
                new HealthDetailsProber.Target("p", "u", "fd00::1", 8080), "/health"))
        .hasToString("http://[fd00::1]:8080/health");
  }
}
