package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two replicas are safe: one holds the Lease and reconciles, the other waits with warm caches,
 * writing nothing, and takes over when the leader stops or is killed.
 */
@EnableKubeAPIServer
class LeaderElectionIT {

  static KubernetesClient client;
  @KubeConfig static String kubeconfig;

  @Test
  void theStandbyTakesOverWhenTheLeaderStops() {
    Crds.install(client);
    OperatorUnderTest first = OperatorUnderTest.replica(client);
    // The other test's leader may hold the Lease until it lapses.
    await().atMost(Duration.ofSeconds(60)).until(() -> first.identity().equals(holder()));
    String leader = holder();
    OperatorUnderTest second = OperatorUnderTest.replica(client);
    try {
      var apis = new ManagedApis(client, "leader");
      apis.create("orders", "image: ghcr.io/acme/orders:1.0.0");
      new ControllerSimulator(client, "leader").awaitDeployment("orders");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  first.writes().stream().anyMatch(w -> w.contains("/managedapis/orders/status")));
      assertThat(second.writesBesidesTheLease())
          .as("the standby stays idle while the leader reconciles")
          .isEmpty();
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

  @Test
  void theStandbyTakesOverWhenTheLeaderIsKilled() throws Exception {
    Crds.install(client);
    Path log = Files.createTempFile("operator", ".log");
    Process leader = OperatorMain.startReplica(kubeconfig, log, "killed-leader");
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .failFast("the operator process exited; see " + log, () -> !leader.isAlive())
          .until(() -> "killed-leader".equals(holder()));
      try (OperatorUnderTest standby = OperatorUnderTest.replica(client)) {
        var apis = new ManagedApis(client, "failover");
        apis.create("orders", "image: ghcr.io/acme/orders:1.0.0");
        var cluster = new ControllerSimulator(client, "failover");
        cluster.awaitDeployment("orders");
        assertThat(standby.writesBesidesTheLease()).isEmpty();

        leader.destroyForcibly(); // SIGKILL: no lease release, no goodbye
        assertThat(leader.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Instant killed = Instant.now();
        apis.edit("orders", api -> api.getSpec().setImage("ghcr.io/acme/orders:2.0.0"));

        // The Lease (15 s) must lapse first; the goal is 20 s, asserted loosely on a busy machine.
        await()
            .atMost(Duration.ofSeconds(45))
            .until(() -> cluster.deploymentImage("orders"), "ghcr.io/acme/orders:2.0.0"::equals);
        System.out.printf(
            "MEASURED failover: the standby reconciled a change %d ms after the leader was killed%n",
            Duration.between(killed, Instant.now()).toMillis());
        assertThat(holder()).isEqualTo(standby.identity());
      }
    } finally {
      leader.destroyForcibly();
    }
  }

  private static String holder() {
    Lease lease = client.leases().inNamespace("default").withName("managedapi-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
