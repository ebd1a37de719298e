package dev.managedapi.operator.health;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the health body of every ready pod of every ManagedApi that asks for it, on threads of its
 * own: reconciles only tell it which pods to read ({@link #track}) and read the verdicts it keeps
 * in memory ({@link #verdicts}); neither waits for a pod. When a pod's debounced verdict changes,
 * it tells its listener, which triggers a reconcile of that ManagedApi.
 *
 * <p>Each ManagedApi is read once per interval, the first time at a random point inside it and then
 * every interval ±10 %, so a thousand ManagedApis created at once do not probe in step. A degraded
 * answer is confirmed by a second probe a fifth of the interval later (at least a second) rather
 * than a whole interval later. Every request has a one-second timeout, connection included; at most
 * {@code concurrency} are in flight for the whole operator, the others wait in line.
 */
public final class HealthDetailsProber implements AutoCloseable {

  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

  /** How long a degraded pod must answer otherwise before it counts as recovered, in intervals. */
  public static final int RECOVERY_HOLD_INTERVALS = 3;

  /** A pod the prober reads: its name and UID, and where its health body is served. */
  public record Target(String pod, String uid, String ip, int port) {}

  /** What one probe got, for the probe counter. */
  public enum Result {
    details,
    no_details,
    unreachable
  }

  private static final Logger log = LoggerFactory.getLogger(HealthDetailsProber.class);

  private final Clock clock;
  private final Duration staleAfter;
  private final BoundedRequests requests;
  private final Consumer<Result> probed;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService httpThreads;
  private final HttpClient http;
  private final Map<ResourceID, Tracked> tracked = new ConcurrentHashMap<>();
  private volatile Consumer<ResourceID> onChange = id -> {};

  /**
   * @param concurrency the most requests in flight at once, over all ManagedApis
   * @param staleAfter how long a ManagedApi is read without a reconcile confirming it: a safety net
   *     for one deleted while a reconcile was tracking it (reconciles come at least once per resync
   *     interval)
   * @param probed told the result of every probe (for a counter)
   */
  public HealthDetailsProber(
      Clock clock, int concurrency, Duration staleAfter, Consumer<Result> probed) {
    this.clock = clock;
    this.staleAfter = staleAfter;
    this.requests = new BoundedRequests(concurrency);
    this.probed = probed;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("health-details").daemon().factory());
    this.httpThreads =
        Executors.newFixedThreadPool(
            2, Thread.ofPlatform().name("health-details-http-", 0).daemon().factory());
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(REQUEST_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .executor(httpThreads)
            .build();
  }

  /** Who is told, by ManagedApi, that a verdict changed; replaces the previous listener. */
  public void onChange(Consumer<ResourceID> listener) {
    this.onChange = listener;
  }

  /**
   * Reads {@code path} of exactly these pods from now on, every {@code interval}. Pods no longer
   * listed are forgotten, with their verdicts, at once; so is everything when the path changes.
   */
  public void track(ResourceID api, List<Target> pods, String path, Duration interval) {
    Tracked entry = tracked.computeIfAbsent(api, id -> new Tracked(id));
    synchronized (entry) {
      boolean first = entry.targets == null;
      boolean intervalChanged = entry.interval != null && !entry.interval.equals(interval);
      if (entry.path != null && !entry.path.equals(path)) {
        entry.histories.clear(); // another endpoint: what the old one said is no evidence
      }
      entry.targets = List.copyOf(pods);
      entry.trackedAt = Instant.now(clock);
      entry.path = path;
      entry.interval = interval;
      Set<String> uids = pods.stream().map(Target::uid).collect(Collectors.toSet());
      entry.histories.keySet().retainAll(uids);
      if (first) {
        entry.schedule(
            Duration.ofMillis(ThreadLocalRandom.current().nextLong(interval.toMillis() + 1)));
      } else if (intervalChanged && !entry.roundInFlight) {
        entry.schedule(jittered(interval));
      }
    }
  }

  /** Stops reading this ManagedApi's pods and drops what was learnt about them. */
  public void forget(ResourceID api) {
    Tracked removed = tracked.remove(api);
    if (removed != null) {
      synchronized (removed) {
        removed.cancel();
      }
    }
  }

  /** Stops reading every pod (the operator stops leading, or stops). */
  public void forgetAll() {
    List.copyOf(tracked.keySet()).forEach(this::forget);
  }

  /** The current verdict of every tracked pod of this ManagedApi, in the order they were given. */
  public List<PodHealth> verdicts(ResourceID api) {
    Tracked entry = tracked.get(api);
    if (entry == null) {
      return List.of();
    }
    synchronized (entry) {
      List<PodHealth> out = new ArrayList<>();
      for (Target target : entry.targets) {
        PodHealthHistory history = entry.histories.get(target.uid());
        out.add(
            history == null ? PodHealth.unsettled(target.pod(), target.uid()) : history.verdict());
      }
      return out;
    }
  }

  /** ManagedApis being read now. */
  public int trackedApis() {
    return tracked.size();
  }

  @Override
  public void close() {
    forgetAll();
    scheduler.shutdownNow();
    httpThreads.shutdownNow();
    http.close();
  }

  private void round(Tracked entry) {
    List<Target> targets;
    String path;
    synchronized (entry) {
      if (entry.cancelled) {
        return;
      }
      if (Instant.now(clock).isAfter(entry.trackedAt.plus(staleAfter))) {
        log.debug("Stopped reading the health of ManagedApi {}: no reconcile for it", entry.id);
        tracked.remove(entry.id, entry);
        entry.cancel();
        return;
      }
      entry.roundInFlight = true;
      targets = entry.targets;
      path = entry.path;
    }
    List<CompletableFuture<Void>> probes = new ArrayList<>();
    for (Target target : targets) {
      probes.add(
          requests
              .submit(() -> probe(target, path))
              .thenAccept(report -> observe(entry, target, report)));
    }
    CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new))
        .whenComplete((ignored, error) -> afterRound(entry, error));
  }

  private void afterRound(Tracked entry, Throwable error) {
    if (error != null) {
      log.warn("Health details round failed for ManagedApi {}", entry.id, error);
    }
    synchronized (entry) {
      entry.roundInFlight = false;
      if (entry.cancelled) {
        return;
      }
      boolean confirming =
          entry.histories.values().stream().anyMatch(PodHealthHistory::awaitingConfirmation);
      entry.schedule(confirming ? confirmationDelay(entry.interval) : jittered(entry.interval));
    }
  }

  private void observe(Tracked entry, Target target, Optional<HealthReport> report) {
    boolean changed;
    synchronized (entry) {
      if (entry.cancelled || entry.targets.stream().noneMatch(t -> t.uid().equals(target.uid()))) {
        return;
      }
      Duration hold = entry.interval.multipliedBy(RECOVERY_HOLD_INTERVALS);
      changed =
          entry
              .histories
              .computeIfAbsent(target.uid(), uid -> new PodHealthHistory(target.pod(), uid, hold))
              // Seconds, as every time in the status: the message changes only when the news does.
              .observe(report, Instant.now(clock).truncatedTo(ChronoUnit.SECONDS));
    }
    if (changed) {
      onChange.accept(entry.id);
    }
  }

  /** Never fails: an answer the operator cannot use is no report. */
  private CompletableFuture<Optional<HealthReport>> probe(Target target, String path) {
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(uri(target, path))
              .timeout(REQUEST_TIMEOUT)
              .header("Accept", "application/health+json, application/json;q=0.9, */*;q=0.1")
              .header("User-Agent", "managedapi-operator")
              .GET()
              .build();
    } catch (IllegalArgumentException e) {
      probed.accept(Result.unreachable);
      return CompletableFuture.completedFuture(Optional.empty());
    }
    CompletableFuture<HttpResponse<Optional<byte[]>>> sent =
        http.sendAsync(request, CappedBody.handler(HealthBodies.MAX_BYTES));
    return sent.orTimeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (response, error) -> {
              if (error != null) {
                log.debug("Read no health details from pod {}: {}", target.pod(), error.toString());
                sent.cancel(true);
                probed.accept(Result.unreachable);
                return Optional.<HealthReport>empty();
              }
              Optional<HealthReport> report =
                  response
                      .body()
                      .flatMap(
                          body ->
                              HealthBodies.parse(
                                  response.headers().firstValue("Content-Type").orElse(null),
                                  body));
              probed.accept(report.isPresent() ? Result.details : Result.no_details);
              return report;
            });
  }

  static URI uri(Target target, String path) {
    String host = target.ip().contains(":") ? "[" + target.ip() + "]" : target.ip();
    return URI.create("http://" + host + ":" + target.port() + path);
  }

  static Duration jittered(Duration interval) {
    long millis = interval.toMillis();
    long spread = millis / 10;
    return Duration.ofMillis(
        millis - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1));
  }

  static Duration confirmationDelay(Duration interval) {
    Duration fifth = interval.dividedBy(5);
    return fifth.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : fifth;
  }

  /** One ManagedApi's pods, settings, verdicts and next round; guarded by its own monitor. */
  private final class Tracked {
    final ResourceID id;
    final Map<String, PodHealthHistory> histories = new java.util.HashMap<>();
    List<Target> targets;
    String path;
    Duration interval;
    Instant trackedAt;
    ScheduledFuture<?> next;
    boolean roundInFlight;
    boolean cancelled;

    Tracked(ResourceID id) {
      this.id = id;
    }

    void schedule(Duration delay) {
      if (next != null) {
        next.cancel(false);
      }
      try {
        next = scheduler.schedule(() -> round(this), delay.toMillis(), TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        cancelled = true; // the prober is closing
      }
    }

    void cancel() {
      cancelled = true;
      if (next != null) {
        next.cancel(false);
      }
    }
  }
}
