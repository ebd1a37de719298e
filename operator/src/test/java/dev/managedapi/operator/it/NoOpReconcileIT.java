package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.testing.MutableClock;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reconcile that finds nothing to change writes nothing: no apply, no status patch, no event. The
 * operator resyncs every second here and the test counts every non-GET request it sends.
 */
@EnableKubeAPIServer
class NoOpReconcileIT {

  static KubernetesClient client;
  static OperatorUnderTest operator;

  @BeforeAll
  static void startOperator() {
    Crds.install(client);
    operator = OperatorUnderTest.startWithResync(client, new MutableClock(), Duration.ofSeconds(1));
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void resyncsOfASettledManagedApiSendNoWrites() {
    var apis = new ManagedApis(client, "quiet");
    apis.create(
        "orders",
        """
        image: ghcr.io/acme/orders:1.4.2
        replicas: 3
        autoscaling: {minReplicas: 3, maxReplicas: 6}
        env: [{name: MODE, value: production}]
        initContainers:
        - name: migrate
          image: ghcr.io/acme/orders-migrations:1.4.2
          args: [--to, latest]
          env: [{name: DB_URL, value: "postgres://db/orders"}]
          resources: {limits: {memory: 64Mi}}
        resources: {requests: {cpu: "0.5", memory: 1Gi}, limits: {memory: 1.5Gi}}
        pod: {labels: {team: checkout}, annotations: {example.com/owner: checkout}}""");
    new ControllerSimulator(client, "quiet").rollOut("orders");
    apis.awaitCondition("orders", "Ready", "True", "Ready");
    // The Ready event is the last write of the first passes; wait until it has been sent.
    await()
        .until(
            () ->
                client.v1().events().inNamespace("quiet").list().getItems().stream()
                    .anyMatch(e -> "Ready".equals(e.getReason())));
    assertThat(operator.writes()).as("the first passes did write").isNotEmpty();

    operator.forgetWrites();
    long before = operator.reconciliationsStarted();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> operator.reconciliationsStarted() >= before + 3);

    assertThat(operator.writes()).isEmpty();
  }
}
