package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.notify.Notification;
import dev.managedapi.operator.notify.WebhookNotifier;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How one notification ends, with the URL read from a real Secret: delivered once however often it
 * is offered, given up at once on a 4xx, and given up after the last retry on a receiver that keeps
 * failing.
 */
@EnableKubeAPIServer
class WebhookNotifierIT {

  static KubernetesClient client;
  final WebhookReceiver receiver = new WebhookReceiver();
  final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  final List<WebhookNotifier.Outcome> outcomes = new CopyOnWriteArrayList<>();
  final WebhookNotifier notifier =
      new WebhookNotifier(client, executor, Duration.ofMillis(10), outcomes::add);

  @BeforeAll
  static void namespace() {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("hooks").endMetadata().build())
        .serverSideApply();
  }

  @AfterEach
  void stop() {
    executor.shutdownNow();
    receiver.close();
  }

  @Test
  void theSameNewsOfferedTwiceIsSentOnce() {
    Notification news = notification();

    assertThat(notifier.offer(news)).isTrue();
    assertThat(notifier.offer(news)).as("the second offer of the same id").isFalse();

    await().until(() -> outcomes.size() == 1);
    assertThat(outcomes.getFirst().delivered()).isTrue();
    assertThat(receiver.delivered()).hasSize(1);
    assertThat(notifier.outcome(news.id())).contains(outcomes.getFirst());
  }

  @Test
  void theIdTravelsInTheHeaderAndTheBody() {
    Notification news = notification();

    notifier.offer(news);

    await().until(() -> receiver.deliveredIds().size() == 1);
    assertThat(receiver.deliveredIds()).containsExactly(news.id());
    assertThat(receiver.delivered("CrashLoopStarted").getFirst().path("managedapi").path("id"))
        .hasToString('"' + news.id() + '"');
  }

  @Test
  void abandonedNotificationsStopBeingSentAndAreForgotten() {
    receiver.failAllWith(503);
    Notification news = notification();
    notifier.offer(news);
    await().until(() -> receiver.attempts() >= 1);

    notifier.abandonAll();
    int attemptsWhenAbandoned = receiver.attempts();

    // At most the attempt already on the wire; the four retries would take 150 ms.
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> receiver.attempts() <= attemptsWhenAbandoned + 1);
    assertThat(outcomes).as("no outcome: the next leader decides").isEmpty();
    assertThat(notifier.offer(news)).as("offered again once forgotten").isTrue();
  }

  @Test
  void aClientErrorIsFinal() {
    receiver.failAllWith(400);

    notifier.offer(notification());

    await().until(() -> outcomes.size() == 1);
    assertThat(outcomes.getFirst().delivered()).isFalse();
    assertThat(outcomes.getFirst().failure()).isEqualTo("the receiver answered HTTP 400");
    assertThat(receiver.attempts()).as("no retry of a request the receiver refused").isEqualTo(1);
  }

  @Test
  void tooManyRequestsIsRetried() {
    receiver.failNext(2, 429);

    notifier.offer(notification());

    await().until(() -> outcomes.size() == 1);
    assertThat(outcomes.getFirst().delivered()).isTrue();
    assertThat(receiver.attempts()).isEqualTo(3);
  }

  @Test
  void aReceiverThatKeepsFailingIsGivenUpOnAfterTheLastAttempt() {
    receiver.failAllWith(503);

    notifier.offer(notification());

    await().atMost(Duration.ofSeconds(10)).until(() -> outcomes.size() == 1);
    assertThat(outcomes.getFirst().delivered()).isFalse();
    assertThat(outcomes.getFirst().failure()).isEqualTo("the receiver answered HTTP 503");
    assertThat(receiver.attempts()).as("five attempts: the first and four retries").isEqualTo(5);
  }

  private Notification notification() {
    String secret = "hook-" + UUID.randomUUID().toString().substring(0, 8);
    receiver.storeUrlInSecret(client, "hooks", secret);
    return new Notification(
        UUID.randomUUID().toString(),
        Notification.Kind.CrashLoopStarted,
        "hooks",
        "orders",
        "crash loop detected",
        "Container api exited with code 1",
        new SecretKeySelector("url", secret, false));
  }
}
