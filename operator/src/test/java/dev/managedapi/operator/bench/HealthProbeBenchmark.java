package dev.managedapi.operator.bench;

import com.sun.net.httpserver.HttpServer;
import dev.managedapi.operator.health.HealthDetailsProber;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The health-details prober at scale with real HTTP round trips, on loopback: N ManagedApis with
 * REPLICAS pods each, every pod an api-service-shaped /health body served by one local server.
 * Reports the requests per second the prober sends, their results, the CPU time of its own threads
 * (scheduler and HTTP client) per request, and how late the rounds ran against the interval. kwok's
 * pods in bench/operator/scale.sh answer nothing, so this is where the cost of the round trips and
 * the parsing is measured.
 *
 * <p>Usage: HealthProbeBenchmark N REPLICAS INTERVAL_SECONDS DURATION_SECONDS [CONCURRENCY]
 */
public final class HealthProbeBenchmark {

  static final String BODY =
      """
      {"name":"api-service","status":"DEGRADED","details":{
        "database":{"name":"api-service","status":"DEGRADED","details":{"kind":"postgresql",
          "durable":true,"circuitBreaker":"OPEN","error":"Connection refused","retryAfterSeconds":3}},
        "exports":{"name":"api-service","status":"UP"},
        "diskSpace":{"name":"api-service","status":"UP","details":{"free":1073741824}},
        "serviceInfo":{"name":"api-service","status":"UP","details":{"version":"0.1.0"}},
        "service":{"name":"api-service","status":"UP"},
        "draining":{"name":"api-service","status":"UP"},
        "deadlockedThreads":{"name":"api-service","status":"UP"}}}""";

  private HealthProbeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[0]);
    int replicas = Integer.parseInt(args[1]);
    Duration interval = Duration.ofSeconds(Long.parseLong(args[2]));
    Duration duration = Duration.ofSeconds(Long.parseLong(args[3]));
    int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 16;

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    var serverThreads = Executors.newFixedThreadPool(4);
    server.setExecutor(serverThreads);
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/health",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();

    Map<HealthDetailsProber.Result, AtomicLong> results =
        new EnumMap<>(HealthDetailsProber.Result.class);
    for (HealthDetailsProber.Result r : HealthDetailsProber.Result.values()) {
      results.put(r, new AtomicLong());
    }
    AtomicLong changes = new AtomicLong();
    int port = server.getAddress().getPort();
    try (HealthDetailsProber prober =
        new HealthDetailsProber(
            Clock.systemUTC(),
            concurrency,
            Duration.ofHours(1),
            result -> results.get(result).incrementAndGet())) {
      prober.onChange(id -> changes.incrementAndGet());
      for (int i = 0; i < count; i++) {
        List<HealthDetailsProber.Target> pods = new ArrayList<>();
        for (int p = 0; p < replicas; p++) {
          pods.add(
              new HealthDetailsProber.Target("api-" + i + "-" + p, i + "-" + p, "127.0.0.1", port));
        }
        prober.track(new ResourceID("api-" + i, "bench"), pods, "/health", interval);
      }
      // The first interval spreads the first reads; measure from then on.
      TimeUnit.MILLISECONDS.sleep(interval.toMillis());
      long before = total(results);
      long cpuBefore = proberCpuNanos();
      long start = System.nanoTime();
      TimeUnit.MILLISECONDS.sleep(duration.toMillis()); // the measurement window itself
      double seconds = (System.nanoTime() - start) / 1e9;
      long requests = total(results) - before;
      long cpu = proberCpuNanos() - cpuBefore;
      double expected = count * replicas / (double) interval.toSeconds();
      System.out.printf(
          "%d ManagedApis x %d pods, interval %s, concurrency %d, over %.0f s:%n",
          count, replicas, interval, concurrency, seconds);
      System.out.printf(
          "  %.1f requests/s (%.1f expected from pods/interval), results %s%n",
          requests / seconds, expected, results);
      System.out.printf(
          "  prober threads' CPU: %.1f ms/s, %.0f us per request; verdict changes: %d%n",
          cpu / 1e6 / seconds, requests == 0 ? 0 : cpu / 1e3 / requests, changes.get());
      Runtime rt = Runtime.getRuntime();
      System.gc();
      System.out.printf(
          "  heap in use after GC (whole benchmark JVM): %d MiB%n",
          (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
    } finally {
      server.stop(0);
      serverThreads.shutdownNow();
    }
  }

  private static long total(Map<HealthDetailsProber.Result, AtomicLong> results) {
    return results.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** CPU time of the prober's scheduler and HTTP threads (the JDK client's selector included). */
  private static long proberCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null
          && (info.getThreadName().startsWith("health-details")
              || info.getThreadName().startsWith("HttpClient-"))) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        total += Math.max(cpu, 0);
      }
    }
    return total;
  }
}
