package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.PendingNotification;
import dev.managedapi.operator.notify.WebhookNotifier;
import dev.managedapi.operator.testing.MutableClock;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhook notifications, posted to a receiver on loopback whose URL the ManagedApi names through a
 * Secret: written to status.pendingNotifications with their transition, sent once per piece of
 * news, retried when the receiver fails, removed from the status once delivered, never blocking
 * reconciles.
 */
@EnableKubeAPIServer
class NotificationIT {

  static KubernetesClient client;
  static OperatorUnderTest operator;
  static WebhookReceiver receiver;

  @BeforeAll
  static void start() {
    Crds.install(client);
    // The product's back-off: the first news stays in flight for 15 s, across the passes below.
    operator =
        OperatorUnderTest.startWithNotificationBackoff(
            client, new MutableClock(), WebhookNotifier.DEFAULT_FIRST_BACKOFF);
    receiver = new WebhookReceiver();
  }

  @AfterAll
  static void stop() {
    operator.close();
    receiver.close();
  }

  @Test
  void crashLoopAndExhaustedBudgetAreEachPostedOnceDespiteAFailingReceiver() throws Exception {
    var apis = new ManagedApis(client, "notify");
    receiver.storeUrlInSecret(client, "notify", "alerts");
    apis.create(
        "orders",
        """
        image: ghcr.io/acme/orders:1.4.2
        restartBudget: {maxRestarts: 1, action: Alert}
        notifications: {webhookSecretRef: {name: alerts, key: url}}""");
    var cluster = new ControllerSimulator(client, "notify");
    String pod = cluster.rollOut("orders").getFirst().getMetadata().getName();
    receiver.failAllWith(503);

    cluster.crash(pod, 1, "Error", "boom");
    // The status does not wait for the receiver: the condition and its news are there while the
    // receiver still fails.
    apis.awaitStatus("orders", api -> pendingKinds(api).equals(List.of("CrashLoopStarted")));
    assertThat(ManagedApis.condition(apis.get("orders"), "CrashLooping").orElseThrow().getStatus())
        .isEqualTo("True");
    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.attempts() >= 1);

    // Passes that change the status while the crash-loop news is still being sent: they must not
    // send it again.
    cluster.restart(pod);
    cluster.crash(pod, 1, "Error", "boom");
    apis.awaitCondition("orders", "RestartBudgetExhausted", "True", "Alerted");
    apis.awaitStatus(
        "orders",
        api -> pendingKinds(api).equals(List.of("CrashLoopStarted", "RestartBudgetExhausted")));
    receiver.succeedFromNow();

    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().size() >= 2);
    apis.awaitStatus("orders", api -> api.getStatus().getPendingNotifications() == null);
    JsonNode crashLoop = delivered("CrashLoopStarted");
    JsonNode exhausted = delivered("RestartBudgetExhausted");
    assertThat(crashLoop.get("text").asText())
        .startsWith("*Crash loop*: ManagedApi notify/orders: crash loop detected")
        .contains("Error (exit code 1)");
    assertThat(exhausted.get("text").asText())
        .startsWith(
            "*Restart budget exhausted*: ManagedApi notify/orders: restart budget exhausted")
        .contains("2 restarts in 1h exceed the budget of 1");
    String uid = apis.get("orders").getMetadata().getUid();
    assertThat(crashLoop.path("managedapi").path("id").asText())
        .startsWith(uid + "/CrashLoopStarted/");
    assertThat(receiver.deliveredIds())
        .as("each piece of news delivered once, its Idempotency-Key the id in its body")
        .containsExactlyInAnyOrder(
            crashLoop.path("managedapi").path("id").asText(),
            exhausted.path("managedapi").path("id").asText());

    // Nothing more is sent once the status no longer lists them.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> receiver.delivered().size() == 2);
  }

  private static List<String> pendingKinds(ManagedApi api) {
    return api.getStatus() == null || api.getStatus().getPendingNotifications() == null
        ? List.of()
        : api.getStatus().getPendingNotifications().stream()
            .map(PendingNotification::kind)
            .toList();
  }

  private static JsonNode delivered(String kind) {
    return receiver.delivered(kind).stream()
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("No " + kind + " notification among " + receiver.delivered()));
  }
}
