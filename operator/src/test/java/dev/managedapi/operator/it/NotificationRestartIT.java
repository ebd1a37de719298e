package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.PendingNotification;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The outbox across a crash: a real operator process writes the news to the status and is killed
 * (SIGKILL) before the receiver has accepted it; the next leader, another process, sends it, once,
 * under the same id.
 */
@EnableKubeAPIServer
class NotificationRestartIT {

  static KubernetesClient client;
  @KubeConfig static String kubeconfig;

  @Test
  void newsPendingWhenTheLeaderIsKilledIsSentOnceByTheNextLeader() throws Exception {
    Crds.install(client);
    // Refusing (503) rather than not listening: the refused requests show which id the killed
    // leader sent, to compare with the one delivered after the restart.
    WebhookReceiver receiver = new WebhookReceiver();
    receiver.failAllWith(503);
    Path firstLog = Files.createTempFile("operator-a", ".log");
    Path secondLog = Files.createTempFile("operator-b", ".log");
    Process first = OperatorMain.startReplica(kubeconfig, firstLog, "replica-a");
    Process second = null;
    try {
      awaitLeader("replica-a", first, firstLog);
      var apis = new ManagedApis(client, "outbox");
      receiver.storeUrlInSecret(client, "outbox", "alerts");
      apis.create(
          "orders",
          """
          image: ghcr.io/acme/orders:1.4.2
          restartBudget: {maxRestarts: 3, action: Alert}
          notifications: {webhookSecretRef: {name: alerts, key: url}}""");
      var cluster = new ControllerSimulator(client, "outbox");
      String pod = cluster.rollOut("orders").getFirst().getMetadata().getName();

      cluster.crash(pod, 1, "Error", "boom");
      String id = pending(apis.awaitStatus("orders", api -> pending(api).size() == 1)).getFirst();
      // The status write came first; the send has been tried and refused.
      await().atMost(Duration.ofSeconds(10)).until(() -> receiver.attempts() >= 1);

      first.destroyForcibly(); // SIGKILL: no lease release, no last attempt
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(receiver.deliveredIds()).isEmpty();
      assertThat(pending(apis.get("orders")))
          .as("still pending after the kill")
          .containsExactly(id);

      receiver.succeedFromNow();
      second = OperatorMain.startReplica(kubeconfig, secondLog, "replica-b");
      Process next = second;
      // The killed leader's Lease (15 s) lapses first.
      await("the next leader delivers what the killed one left pending")
          .atMost(Duration.ofSeconds(90))
          .failFast("the second operator process exited; see " + secondLog, () -> !next.isAlive())
          .until(() -> receiver.deliveredIds().size() >= 1);
      apis.awaitStatus("orders", api -> api.getStatus().getPendingNotifications() == null);
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(6))
          .until(() -> receiver.deliveredIds().size() == 1);

      assertThat(receiver.deliveredIds()).containsExactly(id);
      assertThat(receiver.delivered("CrashLoopStarted").getFirst().path("managedapi").path("id"))
          .hasToString('"' + id + '"');
      assertThat(receiver.attemptedIds())
          .as("the killed leader's refused attempts and the delivery carry one id")
          .containsOnly(id);
      assertThat(holder()).isEqualTo("replica-b");
    } finally {
      first.destroyForcibly();
      if (second != null) {
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);
      }
      receiver.close();
    }
  }

  private static void awaitLeader(String name, Process process, Path log) {
    await()
        .atMost(Duration.ofSeconds(90))
        .failFast("the operator process exited; see " + log, () -> !process.isAlive())
        .until(() -> name.equals(holder()));
  }

  private static List<String> pending(ManagedApi api) {
    List<PendingNotification> pending = api.getStatus().getPendingNotifications();
    return pending == null ? List.of() : pending.stream().map(PendingNotification::id).toList();
  }

  private static String holder() {
    Lease lease = client.leases().inNamespace("default").withName("managedapi-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
