package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.dependent.Labels;
import dev.managedapi.operator.testing.MutableClock;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The core reconciler against a real kube-apiserver: what it creates, keeps and reports. */
@EnableKubeAPIServer
class ReconcileIT {

  static KubernetesClient client;
  static OperatorUnderTest operator;

  @BeforeAll
  static void startOperator() {
    Crds.install(client);
    operator = OperatorUnderTest.start(client, new MutableClock());
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void aManagedApiBecomesAHardenedDeploymentAndServiceAndReportsReadyOnceRolledOut() {
    var apis = new ManagedApis(client, "create");
    ManagedApi created = apis.create("orders", "image: ghcr.io/acme/orders:1.4.2\nreplicas: 2");
    var cluster = new ControllerSimulator(client, "create");

    Deployment deployment = cluster.awaitDeployment("orders");
    assertThat(deployment.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
              assertThat(owner.getController()).isTrue();
            });
    assertThat(deployment.getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(
            deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getSecurityContext()
                .getReadOnlyRootFilesystem())
        .isTrue();
    var service =
        await()
            .until(
                () -> client.services().inNamespace("create").withName("orders").get(),
                s -> s != null);
    assertThat(service.getSpec().getSelector()).isEqualTo(Map.of(Labels.MANAGEDAPI_NAME, "orders"));
    assertThat(service.getMetadata().getOwnerReferences()).hasSize(1);
    // Two replicas: a disruption budget that lets crash-looping pods be evicted.
    PodDisruptionBudget pdb =
        await()
            .until(
                () ->
                    client
                        .policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace("create")
                        .withName("orders")
                        .get(),
                p -> p != null);
    assertThat(pdb.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");

    ManagedApi waiting = apis.awaitCondition("orders", "Ready", "False", "RolloutInProgress");
    assertThat(waiting.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(waiting.getStatus().getUrl()).isEqualTo("http://orders.create.svc.cluster.local:80");

    cluster.rollOut("orders");
    ManagedApi ready = apis.awaitCondition("orders", "Ready", "True", "Ready");
    assertThat(ready.getStatus().getReady()).isEqualTo("2/2");
    assertThat(ready.getStatus().getRestarts()).isEqualTo("0/10");
    assertThat(ready.getStatus().getImage()).isEqualTo("ghcr.io/acme/orders:1.4.2");
    assertThat(ManagedApis.condition(ready, "Available").orElseThrow().getStatus())
        .isEqualTo("True");
  }

  @Test
  void aSpecChangeRollsOutAndTheStatusFollowsTheNewGeneration() {
    var apis = new ManagedApis(client, "update");
    apis.create("orders", "image: ghcr.io/acme/orders:1.0.0");
    var cluster = new ControllerSimulator(client, "update");
    cluster.rollOut("orders");
    apis.awaitCondition("orders", "Ready", "True", "Ready");

    apis.edit("orders", api -> api.getSpec().setImage("ghcr.io/acme/orders:2.0.0"));

    await()
        .until(() -> image(cluster.awaitDeployment("orders")), "ghcr.io/acme/orders:2.0.0"::equals);
    ManagedApi rolling =
        apis.awaitStatus("orders", api -> api.getStatus().getObservedGeneration() == 2L);
    assertThat(rolling.getStatus().getImage()).isEqualTo("ghcr.io/acme/orders:2.0.0");
    assertThat(ManagedApis.condition(rolling, "Ready").orElseThrow().getReason())
        .isEqualTo("RolloutInProgress");

    cluster.rollOut("orders");
    apis.awaitCondition("orders", "Ready", "True", "Ready");
  }

  @Test
  void manualEditsToOwnedFieldsAreRevertedAndOthersAreLeftAlone() {
    var apis = new ManagedApis(client, "drift");
    apis.create("orders", "image: ghcr.io/acme/orders:1.0.0");
    var cluster = new ControllerSimulator(client, "drift");
    cluster.awaitDeployment("orders");

    client
        .apps()
        .deployments()
        .inNamespace("drift")
        .withName("orders")
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .getFirst()
                  .setImage("evil:latest");
              d.getMetadata().getAnnotations().put("team.example.com/owner", "checkout");
              return d;
            });

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> image(cluster.awaitDeployment("orders")), "ghcr.io/acme/orders:1.0.0"::equals);
    assertThat(cluster.awaitDeployment("orders").getMetadata().getAnnotations())
        .containsEntry("team.example.com/owner", "checkout");
  }

  @Test
  void suspendScalesToZeroAndUnsuspendRestoresTheSameDeployment() {
    var apis = new ManagedApis(client, "suspend");
    apis.create("orders", "image: ghcr.io/acme/orders:1.0.0\nreplicas: 3");
    var cluster = new ControllerSimulator(client, "suspend");
    cluster.rollOut("orders");
    apis.awaitCondition("orders", "Ready", "True", "Ready");

    apis.edit("orders", api -> api.getSpec().setSuspend(true));
    await().until(() -> cluster.awaitDeployment("orders").getSpec().getReplicas(), r -> r == 0);
    cluster.rollOut("orders");
    apis.awaitStatus("orders", api -> "0/0".equals(api.getStatus().getReady()));
    apis.awaitCondition("orders", "Ready", "False", "Suspended");
    assertThat(client.services().inNamespace("suspend").withName("orders").get()).isNotNull();
    await()
        .until(
            () ->
                client
                        .policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace("suspend")
                        .withName("orders")
                        .get()
                    == null);

    apis.edit("orders", api -> api.getSpec().setSuspend(false));
    await().until(() -> cluster.awaitDeployment("orders").getSpec().getReplicas(), r -> r == 3);
    cluster.rollOut("orders");
    apis.awaitCondition("orders", "Ready", "True", "Ready");
  }

  @Test
  void changingRestartedAtRollsEveryPod() {
    var apis = new ManagedApis(client, "restart");
    apis.create("orders", "image: ghcr.io/acme/orders:1.0.0");
    var cluster = new ControllerSimulator(client, "restart");
    String before = templateHash(cluster.awaitDeployment("orders"));

    apis.edit("orders", api -> api.getSpec().setRestartedAt("2026-11-23T10:00:00Z"));

    Deployment restarted =
        await()
            .until(() -> cluster.awaitDeployment("orders"), d -> !templateHash(d).equals(before));
    assertThat(restarted.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry(Labels.RESTARTED_AT, "2026-11-23T10:00:00Z");
  }

  @Test
  void underAnAutoscalerTheOperatorNeverFightsOverReplicas() {
    var apis = new ManagedApis(client, "hpa");
    apis.create("orders", "image: ghcr.io/acme/orders:1.0.0\nreplicas: 2");
    var cluster = new ControllerSimulator(client, "hpa");
    await().until(() -> cluster.awaitDeployment("orders").getSpec().getReplicas(), r -> r == 2);

    apis.edit(
        "orders",
        api -> {
          var autoscaling = new dev.managedapi.operator.api.v1alpha1.AutoscalingSpec();
          autoscaling.setMinReplicas(2);
          autoscaling.setMaxReplicas(6);
          api.getSpec().setAutoscaling(autoscaling);
        });
    HorizontalPodAutoscaler hpa =
        await()
            .until(
                () ->
                    client
                        .autoscaling()
                        .v2()
                        .horizontalPodAutoscalers()
                        .inNamespace("hpa")
                        .withName("orders")
                        .get(),
                h -> h != null);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("orders");
    // The hand-over kept the replica count; it never dropped to the default of one.
    assertThat(cluster.awaitDeployment("orders").getSpec().getReplicas()).isEqualTo(2);

    // The autoscaler scales out, through the scale subresource as the HPA controller does.
    client.apps().deployments().inNamespace("hpa").withName("orders").scale(5);
    apis.edit("orders", api -> api.getSpec().setRestartedAt("now"));
    await()
        .until(
            () ->
                cluster
                    .awaitDeployment("orders")
                    .getSpec()
                    .getTemplate()
                    .getMetadata()
                    .getAnnotations()
                    .containsKey(Labels.RESTARTED_AT));
    assertThat(cluster.awaitDeployment("orders").getSpec().getReplicas()).isEqualTo(5);

    apis.edit("orders", api -> api.getSpec().setAutoscaling(null));
    await()
        .until(
            () ->
                client
                        .autoscaling()
                        .v2()
                        .horizontalPodAutoscalers()
                        .inNamespace("hpa")
                        .withName("orders")
                        .get()
                    == null);
    await().until(() -> cluster.awaitDeployment("orders").getSpec().getReplicas(), r -> r == 2);
  }

  private static String image(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
  }

  private static String templateHash(Deployment deployment) {
    return deployment
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(Labels.TEMPLATE_HASH);
  }
}
