package dev.managedapi.operator.restarts;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link PodDiagnostics} from the API server: the kubelet's events, and the previous instance's log
 * (what `kubectl logs --previous` prints). Both calls are bounded in time because they run inside a
 * reconcile, where detection latency matters more than a log excerpt.
 */
public class ClusterPodDiagnostics implements PodDiagnostics {

  static final Duration LOG_TIMEOUT = Duration.ofSeconds(1);

  private final KubernetesClient client;

  public ClusterPodDiagnostics(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public boolean killedByLivenessProbe(
      String namespace, String pod, String container, Instant since) {
    try {
      return client
          .v1()
          .events()
          .inNamespace(namespace)
          .withField("involvedObject.name", pod)
          .list()
          .getItems()
          .stream()
          .filter(event -> since == null || !happenedBefore(event, since))
          .anyMatch(event -> reportsLivenessKill(event, container));
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  /** The kubelet's "Killing: Container api failed liveness probe, will be restarted" event. */
  private static boolean reportsLivenessKill(Event event, String container) {
    String message = Objects.requireNonNullElse(event.getMessage(), "");
    boolean liveness =
        ("Killing".equals(event.getReason()) && message.contains("failed liveness probe"))
            || ("Unhealthy".equals(event.getReason())
                && message.startsWith("Liveness probe failed"));
    String fieldPath =
        event.getInvolvedObject() == null ? null : event.getInvolvedObject().getFieldPath();
    return liveness
        && (fieldPath == null || fieldPath.contains(container) || message.contains(container));
  }

  private static boolean happenedBefore(Event event, Instant since) {
    String last =
        event.getLastTimestamp() != null
            ? event.getLastTimestamp()
            : event.getEventTime() != null ? event.getEventTime().getTime() : null;
    return last != null && Instant.parse(last).isBefore(since);
  }

  @Override
  public LogTail crashedInstanceLog(
      String namespace, String pod, String container, boolean restarted, int lines) {
    var logs = client.pods().inNamespace(namespace).withName(pod).inContainer(container);
    CompletableFuture<String> log =
        CompletableFuture.supplyAsync(
            () ->
                restarted
                    ? logs.terminated().tailingLines(lines).getLog()
                    : logs.tailingLines(lines).getLog());
    try {
      String text = log.get(LOG_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return text == null || text.isEmpty()
          ? LogTail.unavailable("the log is empty")
          : LogTail.of(text);
    } catch (TimeoutException e) {
      log.cancel(true);
      return LogTail.unavailable(
          "reading the log took longer than " + LOG_TIMEOUT.toSeconds() + "s");
    } catch (ExecutionException e) {
      return LogTail.unavailable(
          "the API server could not return the log: " + firstLine(reasonOf(e.getCause())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return LogTail.unavailable("interrupted");
    }
  }

  private static String reasonOf(Throwable cause) {
    if (cause instanceof KubernetesClientException e
        && e.getStatus() != null
        && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return String.valueOf(cause);
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }
}
