package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two replicas are safe: one holds the Lease and reconciles, the other waits with warm caches and
 * takes over when the leader stops, and stopping the leader shuts it down cleanly.
 */
@EnableKubeAPIServer
class LeaderElectionIT {

  static KubernetesClient client;

  @Test
  void theStandbyTakesOverWhenTheLeaderStops() {
    Crds.install(client);
    OperatorUnderTest first = OperatorUnderTest.replica(client);
    await().atMost(Duration.ofSeconds(30)).until(() -> holder() != null);
    String leader = holder();
    OperatorUnderTest second = OperatorUnderTest.replica(client);
    try {
      var apis = new ManagedApis(client, "leader");
      apis.create("orders", "image: ghcr.io/acme/orders:1.0.0");
      new ControllerSimulator(client, "leader").awaitDeployment("orders");
      assertThat(first.get("/readyz")).isEqualTo("ok\n");
      assertThat(second.get("/readyz")).as("a standby is ready too").isEqualTo("ok\n");
      assertThat(first.get("/healthz")).isEqualTo("ok\n");
      assertThat(first.get("/metrics")).contains("managedapi_operator_leader 1.0");
      assertThat(second.get("/metrics")).contains("managedapi_operator_leader 0.0");

      first.close();

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> holder() != null && !holder().equals(leader));
      apis.edit("orders", api -> api.getSpec().setImage("ghcr.io/acme/orders:2.0.0"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> new ControllerSimulator(client, "leader").deploymentImage("orders"),
              "ghcr.io/acme/orders:2.0.0"::equals);
      assertThat(second.get("/metrics")).contains("managedapi_operator_leader 1.0");
    } finally {
      second.close();
    }
  }

  private static String holder() {
    Lease lease = client.leases().inNamespace("default").withName("managedapi-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
