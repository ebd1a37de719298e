package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.delivery.ChartMonitoring;
import dev.managedapi.operator.testing.MutableClock;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every metric the chart's alerts and Grafana dashboard read is on a real operator's /metrics, so a
 * renamed metric (ours or JOSDK's) fails here instead of silently emptying an alert or a panel. The
 * operator runs against a real kube-apiserver and goes through the paths whose series appear only
 * on first use: a crash loop, an exhausted budget and its notifications, a failed reconcile.
 */
@EnableKubeAPIServer
class MonitoredMetricsIT {

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
  void everyMetricTheAlertsAndTheDashboardReadIsOnTheOperatorsMetricsEndpoint() throws Exception {
    crashLoopThroughItsBudgetWithAWebhook();
    failAReconcile();

    Map<String, Set<String>> used = ChartMonitoring.metricsRead();
    Map<String, Set<String>> missing =
        ChartMonitoring.notExposed(used, operator.get("/metrics"), Set.of());
    assertThat(used.values().stream().mapToInt(Set::size).sum()).isGreaterThan(30);
    assertThat(missing)
        .as("metrics read by the alerts and the dashboard but not exposed")
        .isEmpty();
  }

  private static void crashLoopThroughItsBudgetWithAWebhook() {
    var apis = new ManagedApis(client, "monitored");
    receiver.storeUrlInSecret(client, "monitored", "alerts");
    apis.create(
        "orders",
        """
        image: ghcr.io/acme/orders:1.4.2
        restartBudget: {maxRestarts: 1, action: Alert}
        notifications: {webhookSecretRef: {name: alerts, key: url}}""");
    var cluster = new ControllerSimulator(client, "monitored");
    String pod = cluster.rollOut("orders").getFirst().getMetadata().getName();
    cluster.crash(pod, 1, "Error", "boom");
    apis.awaitCondition("orders", "CrashLooping", "True", null);
    cluster.restart(pod);
    cluster.crash(pod, 1, "Error", "boom");
    apis.awaitCondition("orders", "RestartBudgetExhausted", "True", "Alerted");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> operator.metric("managedapi_notifications_total") == 2);
  }

  /** A reconcile the API server refuses, so the failure counters appear. */
  private static void failAReconcile() {
    var apis = new ManagedApis(client, "refused");
    DeploymentRefusal.refuseDeploymentsIn(client, "refused");
    apis.create("orders", "image: ghcr.io/acme/orders:1.4.2");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> operator.metric("operator_sdk_reconciliations_failed_total") > 0);
  }
}
