package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API-server outages, as the operator sees them: its connections break and new ones are refused
 * ({@link ApiServerRelay}), while the API server and etcd keep their state. The operator must ride
 * them out without a restart: liveness stays up throughout (a kubelet restarting every replica of
 * an outage at once is how an outage cascades), and once the API server is back a change is acted
 * on promptly, by exactly one leader.
 */
@EnableKubeAPIServer
class ApiServerOutageIT {

  /** The goal after the API server returns; asserted loosely, the figure is printed. */
  static final Duration REFLECTED_WITHIN = Duration.ofSeconds(30);

  static KubernetesClient client;
  ApiServerRelay relay;

  @BeforeAll
  static void installCrd() {
    Crds.install(client);
  }

  @BeforeEach
  void relay() {
    relay = new ApiServerRelay(client.getConfiguration().getMasterUrl());
  }

  @AfterEach
  void closeRelay() {
    relay.close();
  }

  @Test
  void aShortOutageChangesNothingAndAChangeAfterItIsActedOn() {
    outageThenChange("short", Duration.ofSeconds(5), 0);
  }

  @Test
  void anOutageLongerThanTheLeaseDemotesToStandbyWithoutARestart() {
    outageThenChange("long", Duration.ofSeconds(30), 1);
  }

  private void outageThenChange(String namespace, Duration outage, int leasesLost) {
    try (OperatorUnderTest operator =
        OperatorUnderTest.replica(relay.clientConfig(client.getConfiguration()))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> operator.identity().equals(holder()));
      var apis = new ManagedApis(client, namespace);
      apis.create("orders", "image: ghcr.io/acme/orders:1.0.0");
      var cluster = new ControllerSimulator(client, namespace);
      cluster.awaitDeployment("orders");

      relay.cut();
      staysLiveThroughout(outage, List.of(operator));
      relay.restore();
      Instant back = Instant.now();

      apis.edit("orders", api -> api.getSpec().setImage("ghcr.io/acme/orders:2.0.0"));
      await()
          .atMost(REFLECTED_WITHIN)
          .until(() -> cluster.deploymentImage("orders"), "ghcr.io/acme/orders:2.0.0"::equals);
      System.out.printf(
          "MEASURED outage %d s: change reflected %d ms after the API server returned%n",
          outage.toSeconds(), Duration.between(back, Instant.now()).toMillis());
      await().atMost(Duration.ofSeconds(30)).until(() -> operator.probe("/readyz") == 200);
      assertThat(operator.get("/metrics"))
          .contains("managedapi_operator_leader 1.0")
          .contains("managedapi_operator_lease_losses_total " + leasesLost + ".0");
      assertThat(operator.probe("/healthz")).isEqualTo(200);
    }
  }

  /**
   * The one thing liveness is for: a replica that lost its lease and cannot stand by again (here
   * its permission on Leases went while the API server was away) asks the kubelet for a restart.
   */
  @Test
  void aReplicaThatCannotStandByAgainFailsLiveness() {
    var identity = new RestrictedIdentity(client, "outage-rbac");
    try (OperatorUnderTest operator =
        OperatorUnderTest.replica(relay.clientConfig(identity.clientConfig()))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> operator.identity().equals(holder()));

      relay.cut();
      identity.revokeLeases();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  operator.get("/metrics").contains("managedapi_operator_lease_losses_total 1.0"));
      assertThat(operator.probe("/healthz"))
          .as("waiting for the API server is no failure")
          .isEqualTo(200);
      relay.restore();

      await().atMost(Duration.ofSeconds(60)).until(() -> operator.probe("/healthz") == 503);
    }
  }

  @Test
  void twoReplicasStayLiveThroughANinetySecondOutageAndOneLeadsAfterwards() {
    var config = relay.clientConfig(client.getConfiguration());
    try (OperatorUnderTest first = OperatorUnderTest.replica(config);
        OperatorUnderTest second = OperatorUnderTest.replica(config)) {
      List<OperatorUnderTest> replicas = List.of(first, second);
      // One of these two, not a replica of an earlier test whose Lease has not expired yet.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> replicas.stream().anyMatch(r -> r.identity().equals(holder())));
      var apis = new ManagedApis(client, "pair");
      apis.create("orders", "image: ghcr.io/acme/orders:1.0.0");
      var cluster = new ControllerSimulator(client, "pair");
      cluster.awaitDeployment("orders");

      relay.cut();
      staysLiveThroughout(Duration.ofSeconds(90), replicas);
      relay.restore();
      Instant back = Instant.now();

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> replicas.stream().filter(OperatorUnderTest::leads).count() == 1);
      OperatorUnderTest leader = first.leads() ? first : second;
      OperatorUnderTest standby = leader == first ? second : first;
      assertThat(holder()).isEqualTo(leader.identity());
      standby.forgetWrites();

      apis.edit("orders", api -> api.getSpec().setImage("ghcr.io/acme/orders:2.0.0"));
      await()
          .atMost(REFLECTED_WITHIN)
          .until(() -> cluster.deploymentImage("orders"), "ghcr.io/acme/orders:2.0.0"::equals);
      System.out.printf(
          "MEASURED outage 90 s, two replicas: change reflected %d ms after the API server"
              + " returned%n",
          Duration.between(back, Instant.now()).toMillis());
      assertThat(standby.leads()).as("the other replica stands by").isFalse();
      assertThat(standby.writesBesidesTheLease()).as("the standby wrote nothing").isEmpty();
      await().atMost(Duration.ofSeconds(30)).until(() -> standby.probe("/readyz") == 200);
      assertThat(replicas).allSatisfy(r -> assertThat(r.probe("/healthz")).isEqualTo(200));
    }
  }

  /**
   * A leader cut off from the API server while the other replica is not: the other takes the Lease
   * and reports the ManagedApis, and the cut-off one stops reporting them. Its last values would
   * otherwise be scraped for ever, and an alert that takes the max over replicas (the crash loop's)
   * would keep firing on the ex-leader's stale 1.
   */
  @Test
  void aLeaderCutOffStopsReportingManagedApisAndTheNewLeaderReportsThem() {
    try (OperatorUnderTest cutOff =
        OperatorUnderTest.replica(relay.clientConfig(client.getConfiguration()))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> cutOff.identity().equals(holder()));
      try (OperatorUnderTest other = OperatorUnderTest.replica(client)) {
        var apis = new ManagedApis(client, "cut-off");
        apis.create("orders", "image: ghcr.io/acme/orders:1.0.0");
        await().atMost(Duration.ofSeconds(30)).until(() -> reportsOrders(cutOff));

        relay.cut();
        await().atMost(Duration.ofSeconds(60)).until(() -> other.identity().equals(holder()));
        await().atMost(Duration.ofSeconds(30)).until(() -> reportsOrders(other));
        await().atMost(Duration.ofSeconds(30)).until(() -> !reportsOrders(cutOff));
        relay.restore();

        await().atMost(Duration.ofSeconds(30)).until(() -> cutOff.probe("/readyz") == 200);
        assertThat(cutOff.leads()).as("the cut-off replica stands by").isFalse();
        assertThat(reportsOrders(cutOff)).as("the standby reports no ManagedApi").isFalse();
        assertThat(reportsOrders(other)).isTrue();
      }
    }
  }

  private static boolean reportsOrders(OperatorUnderTest replica) {
    return replica
        .get("/metrics")
        .contains("managedapi_ready{name=\"orders\",namespace=\"cut-off\"}");
  }

  /**
   * Holds the outage for {@code outage}, probing every replica's /healthz each second as a kubelet
   * would (2 s timeout); a single failure, at any time, fails the test.
   */
  private static void staysLiveThroughout(Duration outage, List<OperatorUnderTest> replicas) {
    AtomicInteger failures = new AtomicInteger();
    await()
        .during(outage)
        .atMost(outage.plusSeconds(10))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              replicas.stream()
                  .filter(r -> r.probe("/healthz") != 200)
                  .forEach(r -> failures.incrementAndGet());
              return failures.get() == 0;
            });
    assertThat(failures).hasValue(0);
  }

  private static String holder() {
    Lease lease = client.leases().inNamespace("default").withName("managedapi-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
