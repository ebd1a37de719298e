package dev.managedapi.operator.notify;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.managedapi.operator.client.KubernetesErrors;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts notifications to a Slack-compatible webhook whose URL lives in a Secret.
 *
 * <p>{@link #offer} returns at once: sending happens on a background thread, so a slow or dead
 * receiver never holds up a reconcile. Failures are retried with exponential backoff; 4xx answers
 * other than 429 are final, since resending the same body cannot fix them. A notification id is
 * accepted once, so the same news is never sent twice by this process however often the outbox
 * offers it; {@link #outcome} tells the outbox when it may remove the news from the status.
 *
 * <p>Every request carries the notification's id in the {@value #ID_HEADER} header (the name the
 * IETF draft for idempotent POSTs uses) and as {@code managedapi.id} in the body.
 */
public class WebhookNotifier {

  static final int MAX_ATTEMPTS = 5;
  public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofSeconds(1);
  public static final String ID_HEADER = "Idempotency-Key";
  private static final int MAX_REMEMBERED_IDS = 10_000;
  private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
  private static final JsonMapper JSON = new JsonMapper();

  private final KubernetesClient client;
  private final HttpClient http;
  private final ScheduledExecutorService executor;
  private final Duration firstBackoff;
  private final Consumer<Outcome> outcomes;
  // Each id offered, with its outcome once sending ended (empty while it is still being sent).
  private final Map<String, Optional<Outcome>> offered = new LinkedHashMap<>();
  // Raised by abandonAll(): attempts scheduled before it stop without an outcome.
  private final AtomicInteger epoch = new AtomicInteger();
  private volatile Consumer<Notification> onFinished = notification -> {};

  public WebhookNotifier(
      KubernetesClient client,
      ScheduledExecutorService executor,
      Duration firstBackoff,
      Consumer<Outcome> outcomes) {
    this.client = client;
    this.executor = executor;
    this.firstBackoff = firstBackoff;
    this.outcomes = outcomes;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Queues the notification unless this id was offered before. Never blocks. */
  public boolean offer(Notification notification) {
    int current = epoch.get();
    synchronized (offered) {
      if (offered.putIfAbsent(notification.id(), Optional.empty()) != null) {
        return false;
      }
      if (offered.size() > MAX_REMEMBERED_IDS) {
        offered.remove(offered.keySet().iterator().next());
      }
    }
    executor.execute(() -> attempt(notification, 1, current));
    return true;
  }

  /** How sending the notification with this id ended; empty while it is being sent, or unknown. */
  public Optional<Outcome> outcome(String id) {
    synchronized (offered) {
      return offered.getOrDefault(id, Optional.empty());
    }
  }

  /** Called with each notification whose sending ended, on the sending thread. */
  public void onFinished(Consumer<Notification> listener) {
    this.onFinished = listener;
  }

  /**
   * Stops every notification being sent and forgets every id: this replica no longer leads, and the
   * next leader sends what the status still lists, this one again included should it lead.
   */
  public void abandonAll() {
    synchronized (offered) {
      epoch.incrementAndGet();
      offered.clear();
    }
  }

  private void attempt(Notification notification, int attempt, int startedIn) {
    if (epoch.get() != startedIn) {
      return;
    }
    Result result = send(notification);
    switch (result) {
      case Result.Delivered delivered -> finish(new Outcome(notification, true, null), startedIn);
      case Result.Failed failed when failed.retryable() && attempt < MAX_ATTEMPTS -> {
        long delay = firstBackoff.toMillis() << (attempt - 1);
        log.info(
            "Webhook notification {} for ManagedApi {}/{} failed ({}); retrying in {} ms",
            notification.kind(),
            notification.namespace(),
            notification.name(),
            failed.reason(),
            delay);
        executor.schedule(
            () -> attempt(notification, attempt + 1, startedIn), delay, TimeUnit.MILLISECONDS);
      }
      case Result.Failed failed -> {
        log.warn(
            "Gave up on webhook notification {} for ManagedApi {}/{} after {} attempt(s): {}",
            notification.kind(),
            notification.namespace(),
            notification.name(),
            attempt,
            failed.reason());
        finish(new Outcome(notification, false, failed.reason()), startedIn);
      }
    }
  }

  private void finish(Outcome outcome, int startedIn) {
    synchronized (offered) {
      if (epoch.get() != startedIn) {
        return;
      }
      offered.put(outcome.notification().id(), Optional.of(outcome));
    }
    outcomes.accept(outcome);
    onFinished.accept(outcome.notification());
  }

  private Result send(Notification notification) {
    String url;
    try {
      url = webhookUrl(notification);
    } catch (KubernetesClientException e) {
      return new Result.Failed(
          "cannot read the webhook Secret: " + KubernetesErrors.describe(e), true);
    } catch (IllegalArgumentException e) {
      return new Result.Failed(e.getMessage(), false);
    }
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .header(ID_HEADER, notification.id())
                  .POST(HttpRequest.BodyPublishers.ofString(body(notification)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      int code = response.statusCode();
      if (code >= 200 && code < 300) {
        return new Result.Delivered();
      }
      boolean retryable = code == 429 || code >= 500;
      return new Result.Failed("the receiver answered HTTP " + code, retryable);
    } catch (IOException e) {
      return new Result.Failed(e.getClass().getSimpleName() + ": " + e.getMessage(), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result.Failed("interrupted", false);
    }
  }

  private String webhookUrl(Notification notification) {
    var ref = notification.webhookSecretRef();
    Secret secret =
        client.secrets().inNamespace(notification.namespace()).withName(ref.getName()).get();
    if (secret == null) {
      throw new IllegalArgumentException("Secret " + ref.getName() + " does not exist");
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(ref.getKey());
    if (encoded == null) {
      throw new IllegalArgumentException("Secret " + ref.getName() + " has no key " + ref.getKey());
    }
    String url = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).strip();
    if (!url.startsWith("https://") && !url.startsWith("http://")) {
      throw new IllegalArgumentException(
          "Secret " + ref.getName() + " key " + ref.getKey() + " is not an http(s) URL");
    }
    return url;
  }

  /** Slack's incoming-webhook body; the extra object is for receivers that parse fields. */
  static String body(Notification n) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("id", n.id());
    details.put("kind", n.kind().name());
    details.put("namespace", n.namespace());
    details.put("name", n.name());
    details.put("summary", n.summary());
    details.put("detail", n.detail());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "text",
        "*%s*: ManagedApi %s/%s: %s\n%s"
            .formatted(n.kind().title(), n.namespace(), n.name(), n.summary(), n.detail()));
    body.put("managedapi", details);
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How sending one notification ended. */
  public record Outcome(Notification notification, boolean delivered, String failure) {}

  private sealed interface Result {
    record Delivered() implements Result {}

    record Failed(String reason, boolean retryable) implements Result {}
  }
}
