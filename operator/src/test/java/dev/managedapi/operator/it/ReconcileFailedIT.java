package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.testing.MutableClock;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reconcile the API server refuses (here an admission policy against Deployments), as a user sees
 * it: Ready=False with reason ReconcileFailed and a Warning event, both in the API server's words,
 * and no longer once the refusal is lifted.
 */
@EnableKubeAPIServer
class ReconcileFailedIT {

  static KubernetesClient client;

  @Test
  void aRefusedApplyIsReportedInStatusAndAnEventThenClearedWhenItSucceeds() {
    Crds.install(client);
    try (OperatorUnderTest operator = OperatorUnderTest.start(client, new MutableClock())) {
      var apis = new ManagedApis(client, "refused");
      DeploymentRefusal.refuseDeploymentsIn(client, "refused");
      apis.create("orders", "image: ghcr.io/acme/orders:1.4.2");

      ManagedApi api = apis.awaitCondition("orders", "Ready", "False", "ReconcileFailed");
      Condition ready = ManagedApis.condition(api, "Ready").orElseThrow();
      assertThat(ready.getMessage())
          .startsWith("Applying the ManagedApi's resources failed: deployment: ")
          .contains(DeploymentRefusal.MESSAGE)
          .doesNotContain("Exception");
      assertThat(ready.getObservedGeneration()).isEqualTo(api.getMetadata().getGeneration());
      List<Event> events =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> events("ReconcileFailed"), found -> !found.isEmpty());
      assertThat(events)
          .singleElement()
          .satisfies(
              event -> {
                assertThat(event.getType()).isEqualTo("Warning");
                assertThat(event.getMessage()).isEqualTo(ready.getMessage());
                assertThat(event.getInvolvedObject().getName()).isEqualTo("orders");
              });

      DeploymentRefusal.lift(client, "refused");
      // JOSDK's retries may have run out meanwhile; a spec change reconciles at once, as the user
      // who lifted the refusal would.
      apis.edit("orders", changed -> changed.getSpec().setReplicas(2));
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> ManagedApis.condition(apis.get("orders"), "Ready").orElseThrow().getReason(),
              reason -> !"ReconcileFailed".equals(reason));
      new ControllerSimulator(client, "refused").awaitDeployment("orders");
    }
  }

  private static List<Event> events(String reason) {
    return client.v1().events().inNamespace("refused").list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }
}
