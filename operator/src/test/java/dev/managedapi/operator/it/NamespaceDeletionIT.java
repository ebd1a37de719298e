package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.testing.CapturedLogs;
import dev.managedapi.operator.testing.MutableClock;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deleting a namespace is routine, and the operator's log must stay quiet through it. The namespace
 * controller deletes a ManagedApi's Deployment before (or after) the ManagedApi itself; the
 * operator then tries to recreate it, and the API server refuses: the namespace is terminating.
 * Here no namespace controller runs, so the namespace stays Terminating and the moment lasts.
 */
@EnableKubeAPIServer
class NamespaceDeletionIT {

  static KubernetesClient client;
  static OperatorUnderTest operator;
  static final MutableClock clock = new MutableClock();

  @BeforeAll
  static void startOperator() {
    Crds.install(client);
    operator = OperatorUnderTest.start(client, clock);
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void resourcesRefusedInATerminatingNamespaceAreNeitherAnErrorNorRetried() {
    var apis = new ManagedApis(client, "leaving");
    apis.create("orders", "image: ghcr.io/acme/orders:1.4.2");
    var deployments = client.apps().deployments().inNamespace("leaving");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> deployments.withName("orders").get() != null);
    deleteAndAwaitTerminating("leaving");

    try (CapturedLogs logs = new CapturedLogs()) {
      operator.forgetWrites();
      long failedBefore = operator.metric("operator_sdk_reconciliations_failed_total");
      long succeededBefore = operator.metric("operator_sdk_reconciliations_success_total");
      deployments.withName("orders").delete();

      // The recreation (a server-side apply) was refused, and that reconciliation ended normally.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  operator.writes().stream()
                          .anyMatch(
                              w ->
                                  w.startsWith(
                                      "PATCH /apis/apps/v1/namespaces/leaving/deployments/orders"))
                      && operator.metric("operator_sdk_reconciliations_success_total")
                          > succeededBefore);
      assertThat(operator.metric("operator_sdk_reconciliations_failed_total"))
          .isEqualTo(failedBefore);
      assertThat(logs.warningsAndErrors()).isEmpty();
    }
  }

  @Test
  void aRevisionTurningHealthyInATerminatingNamespaceIsNeitherAnErrorNorRetried() {
    var apis = new ManagedApis(client, "leaving-healthy");
    apis.create(
        "orders",
        """
        image: ghcr.io/acme/orders:1.4.2
        restartBudget: {stabilizationPeriod: 10s}""");
    var cluster = new ControllerSimulator(client, "leaving-healthy");
    String pod = cluster.rollOut("orders").getFirst().getMetadata().getName();
    apis.awaitStatus(
        "orders",
        api ->
            api.getStatus().getCurrentRevision() != null
                && api.getStatus().getCurrentRevision().healthySince() != null);
    deleteAndAwaitTerminating("leaving-healthy");

    try (CapturedLogs logs = new CapturedLogs()) {
      operator.forgetWrites();
      long failedBefore = operator.metric("operator_sdk_reconciliations_failed_total");
      // Restart-free past the stabilization period: the operator records the revision as
      // healthy, a ControllerRevision the API server refuses to create in a terminating namespace.
      clock.advance(Duration.ofSeconds(11));
      cluster.touch(pod);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  operator.writes().stream()
                      .anyMatch(
                          w ->
                              w.contains(
                                  "/namespaces/leaving-healthy/controllerrevisions/orders-")));
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> operator.metric("operator_sdk_reconciliations_failed_total"),
              failed -> failed == failedBefore);
      assertThat(logs.warningsAndErrors()).isEmpty();
    }
  }

  /** Deletes the namespace; with no namespace controller running, it stays Terminating. */
  private static void deleteAndAwaitTerminating(String name) {
    client.namespaces().withName(name).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.namespaces().withName(name).get(), NamespaceDeletionIT::terminating);
  }

  private static boolean terminating(Namespace namespace) {
    return namespace != null
        && namespace.getStatus() != null
        && "Terminating".equals(namespace.getStatus().getPhase());
  }
}
