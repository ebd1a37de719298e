package dev.managedapi.operator.restarts;

import dev.managedapi.operator.client.KubernetesErrors;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.URLUtils;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@link PodDiagnostics} from the API server: the kubelet's events, and the previous instance's log
 * (what `kubectl logs --previous` prints). Both calls are bounded in time because they run inside a
 * reconcile, where detection latency matters more than a log excerpt: the HTTP client itself ends
 * each request after {@link #REQUEST_TIMEOUT}, so a kubelet that never answers holds no thread (and
 * no API-server request) beyond that.
 */
public class ClusterPodDiagnostics implements PodDiagnostics, AutoCloseable {

  private static final org.slf4j.Logger LOGGER =
      org.slf4j.LoggerFactory.getLogger(ClusterPodDiagnostics.class);

  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

  private static final Pattern PROBE_KILL = Pattern.compile("failed (liveness|startup) probe");

  private final KubernetesClient client;

  /**
   * Reads through a client of its own, with {@code operatorClient}'s configuration and every
   * request limited to {@link #REQUEST_TIMEOUT}; the operator's client keeps its longer timeout for
   * the writes that must go through.
   */
  public ClusterPodDiagnostics(KubernetesClient operatorClient) {
    this.client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(operatorClient.getConfiguration())
                    .withRequestTimeout((int) REQUEST_TIMEOUT.toMillis())
                    // fabric8 would retry a timed-out request ten times, each with the full
                    // timeout: 30 s for a kubelet that never answers.
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public Optional<ProbeKill> probeKill(
      String namespace, String pod, String container, Instant since) {
    try {
      return probeKill(
          client
              .v1()
              .events()
              .inNamespace(namespace)
              .withField("involvedObject.name", pod)
              .list()
              .getItems(),
          container,
          since);
    } catch (KubernetesClientException e) {
      return Optional.empty();
    }
  }

  /**
   * The kubelet's newest "Killing: Container api failed liveness probe, will be restarted" (or
   * startup probe) about {@code container} since {@code since}, with the "Unhealthy: Liveness probe
   * failed: ..." that led to it. The kubelet aggregates repeats into one event, so lastTimestamp is
   * the latest occurrence.
   */
  static Optional<ProbeKill> probeKill(List<Event> events, String container, Instant since) {
    List<Event> recent =
        events.stream()
            .filter(event -> about(event, container))
            .filter(event -> since == null || !happenedBefore(event, since))
            .sorted(Comparator.comparing(ClusterPodDiagnostics::lastSeen).reversed())
            .toList();
    return recent.stream()
        .filter(event -> "Killing".equals(event.getReason()))
        .flatMap(
            kill -> {
              Matcher probe = PROBE_KILL.matcher(message(kill));
              return probe.find()
                  ? Stream.of(
                      new ProbeKill(
                          probe.group(1),
                          failureBefore(recent, probe.group(1), firstSeen(kill))
                              .orElse(message(kill))))
                  : Stream.empty();
            })
        .findFirst();
  }

  /**
   * The newest failure of the probe that had begun by the kubelet's first kill. The kubelet folds
   * repeats into one event per message, so both a kill and a failure span every instance. A failure
   * first seen only after the first kill is the stopping container's own (on the real node:
   * "connect: connection refused" once its port had closed), not a cause. One seen last after a
   * kill is fine: with a preStop sleep the probe goes on failing while the container drains.
   */
  private static Optional<String> failureBefore(
      List<Event> newestFirst, String probe, Instant killedAt) {
    String prefix = Character.toUpperCase(probe.charAt(0)) + probe.substring(1) + " probe failed";
    return newestFirst.stream()
        .filter(event -> "Unhealthy".equals(event.getReason()))
        .filter(event -> !firstSeen(event).isAfter(killedAt))
        .map(ClusterPodDiagnostics::message)
        .filter(message -> message.startsWith(prefix))
        .findFirst();
  }

  /** Events about one container name it in their field path, spec.containers{api}. */
  private static boolean about(Event event, String container) {
    String fieldPath =
        event.getInvolvedObject() == null ? null : event.getInvolvedObject().getFieldPath();
    return fieldPath == null || fieldPath.endsWith("{" + container + "}");
  }

  private static String message(Event event) {
    return Objects.requireNonNullElse(event.getMessage(), "");
  }

  private static boolean happenedBefore(Event event, Instant since) {
    Instant last = lastSeen(event);
    return !Instant.EPOCH.equals(last) && last.isBefore(since);
  }

  private static Instant firstSeen(Event event) {
    return event.getFirstTimestamp() != null
        ? Instant.parse(event.getFirstTimestamp())
        : lastSeen(event);
  }

  /** When the event last happened; the epoch when it says nothing. */
  private static Instant lastSeen(Event event) {
    String last =
        event.getLastTimestamp() != null
            ? event.getLastTimestamp()
            : event.getEventTime() != null ? event.getEventTime().getTime() : null;
    return last == null ? Instant.EPOCH : Instant.parse(last);
  }

  /**
   * A plain GET of the log, as `kubectl logs --previous` sends it. fabric8's {@code getLog()} first
   * waits for the pod to be ready through an informer of its own: a LIST and a watch of the pod for
   * every read (a crashed pod is not ready, so that wait never helps), and an ERROR with a stack
   * trace whenever that LIST outlives the timeout, as it does in a crash storm.
   */
  @Override
  public LogTail crashedInstanceLog(
      String namespace, String pod, String container, boolean restarted, int lines) {
    HttpClient http = client.getHttpClient();
    HttpRequest request =
        http.newHttpRequestBuilder()
            .uri(logUri(namespace, pod, container, restarted, lines))
            .timeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .build();
    try {
      HttpResponse<String> response = http.sendAsync(request, String.class).get();
      if (!response.isSuccessful()) {
        return LogTail.unavailable("the API server could not return the log: " + refusal(response));
      }
      String text = response.body();
      return text == null || text.isEmpty()
          ? LogTail.unavailable("the log is empty")
          : LogTail.of(text);
    } catch (ExecutionException e) {
      if (timedOut(e)) {
        return LogTail.unavailable(
            "reading the log took longer than " + REQUEST_TIMEOUT.toSeconds() + "s");
      }
      return LogTail.unavailable("the API server could not return the log: " + reasonOf(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return LogTail.unavailable("the operator stopped while reading the log");
    }
  }

  private String logUri(
      String namespace, String pod, String container, boolean restarted, int lines) {
    String path =
        URLUtils.join(
            client.getMasterUrl().toString(),
            "api/v1/namespaces",
            encode(namespace),
            "pods",
            encode(pod),
            "log");
    return path
        + "?container="
        + encode(container)
        + "&tailLines="
        + lines
        + (restarted ? "&previous=true" : "");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The API server's own message from its Status body (pod gone, node unknown, ...). */
  private String refusal(HttpResponse<String> response) {
    try {
      Status status = client.getKubernetesSerialization().unmarshal(response.body(), Status.class);
      if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
        return status.getMessage();
      }
    } catch (RuntimeException notAStatus) {
      // A proxy's or a relay's own error page: the code says enough.
    }
    return "HTTP " + response.code();
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException
          || cause instanceof HttpTimeoutException
          || cause instanceof SocketTimeoutException) {
        return true;
      }
      if (cause.getCause() == cause) {
        return false;
      }
    }
    return false;
  }

  private static String reasonOf(Throwable cause) {
    return KubernetesErrors.serverMessage(cause)
        .orElseGet(
            () -> {
              // Status is read in kubectl: an exception's class and text belong in the log.
              LOGGER.warn("Reading a container log failed", cause);
              return "the request failed; the operator's log has the details";
            });
  }
}
