package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.operator.testing.MutableClock;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhook notifications, posted to a receiver on loopback whose URL the ManagedApi names through a
 * Secret: sent once per piece of news, retried when the receiver fails, never blocking reconciles.
 */
@EnableKubeAPIServer
class NotificationIT {

  static KubernetesClient client;
  static OperatorUnderTest operator;
  static WebhookReceiver receiver;

  @BeforeAll
  static void start() {
    Crds.install(client);
    operator = OperatorUnderTest.start(client, new MutableClock());
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
    receiver.failNext(2);

    cluster.crash(pod, 1, "Error", "boom");
    // The status does not wait for the receiver: the condition is there while it still fails.
    apis.awaitCondition("orders", "CrashLooping", "True", null);
    cluster.restart(pod);
    cluster.crash(pod, 1, "Error", "boom");
    apis.awaitCondition("orders", "RestartBudgetExhausted", "True", "Alerted");

    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.delivered().size() == 2);
    assertThat(receiver.attempts()).isEqualTo(4);
    // Each piece of news is retried on its own back-off, so the order they arrive in is not fixed.
    JsonNode crashLoop = delivered("CrashLoopStarted");
    JsonNode exhausted = delivered("RestartBudgetExhausted");
    assertThat(crashLoop.get("text").asText())
        .startsWith("*Crash loop*: ManagedApi notify/orders: crash loop detected")
        .contains("Error (exit code 1)");
    assertThat(exhausted.get("text").asText())
        .startsWith(
            "*Restart budget exhausted*: ManagedApi notify/orders: restart budget exhausted")
        .contains("2 restarts in 1h exceed the budget of 1");

    // Nothing more is sent while the status keeps the same transitions.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> receiver.delivered().size() == 2);
    assertThat(receiver.attempts()).isEqualTo(4);
  }

  private static JsonNode delivered(String kind) {
    return receiver.delivered(kind).stream()
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("No " + kind + " notification among " + receiver.delivered()));
  }
}
