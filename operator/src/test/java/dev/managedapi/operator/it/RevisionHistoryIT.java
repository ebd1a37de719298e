package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.api.v1alpha1.HealthyRevision;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ManagedApiStatus;
import dev.managedapi.operator.dependent.Labels;
import dev.managedapi.operator.dependent.TemplateHash;
import dev.managedapi.operator.reconciler.ManagedApiReconciler;
import dev.managedapi.operator.testing.MutableClock;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Healthy revisions live in ControllerRevisions owned by the ManagedApi, as a StatefulSet's do:
 * status refers to the last one by name, the history is bounded by spec.revisionHistoryLimit, and a
 * status written by an operator that kept the template in status is moved over without losing the
 * rollback target.
 */
@EnableKubeAPIServer
class RevisionHistoryIT {

  static KubernetesClient client;
  static MutableClock clock = new MutableClock();
  static OperatorUnderTest operator;
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

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
  void eachHealthyRevisionIsAControllerRevisionAndTheHistoryIsBounded() {
    var apis = new ManagedApis(client, "history");
    apis.create(
        "orders",
        """
        image: ghcr.io/acme/orders:1.0.0
        revisionHistoryLimit: 2
        restartBudget: {stabilizationPeriod: 10s}""");
    var cluster = new ControllerSimulator(client, "history");

    List<String> hashes = new java.util.ArrayList<>();
    for (String version : List.of("1.0.0", "1.1.0", "1.2.0")) {
      if (!version.equals("1.0.0")) {
        apis.edit("orders", api -> api.getSpec().setImage("ghcr.io/acme/orders:" + version));
        await()
            .until(
                () -> cluster.deploymentImage("orders"),
                ("ghcr.io/acme/orders:" + version)::equals);
      }
      hashes.add(proveHealthy(apis, cluster, "ghcr.io/acme/orders:" + version));
    }

    HealthyRevision last = apis.get("orders").getStatus().getLastHealthyRevision();
    assertThat(last.template()).as("status stays small").isNull();
    assertThat(last.controllerRevision()).isEqualTo("orders-" + hashes.get(2));
    ControllerRevision stored = revision("history", last.controllerRevision());
    assertThat(stored.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getKind()).isEqualTo("ManagedApi");
              assertThat(owner.getController()).isTrue();
            });
    assertThat(stored.getMetadata().getLabels())
        .containsEntry(Labels.MANAGEDAPI_NAME, "orders")
        .containsEntry(Labels.TEMPLATE_HASH, hashes.get(2));
    assertThat(template(stored).getSpec().getContainers().getFirst().getImage())
        .isEqualTo("ghcr.io/acme/orders:1.2.0");
    await()
        .untilAsserted(
            () ->
                assertThat(revisionNames("history"))
                    .as("the oldest beyond the limit of 2 is deleted")
                    .containsExactlyInAnyOrder(
                        "orders-" + hashes.get(1), "orders-" + hashes.get(2)));
    assertThat(
            client.apps().controllerRevisions().inNamespace("history").list().getItems().stream()
                .map(ControllerRevision::getRevision)
                .sorted()
                .toList())
        .containsExactly(2L, 3L);
  }

  @Test
  void aStatusHoldingTheTemplateIsMovedIntoAControllerRevisionAndStillRollsBack() {
    var apis = new ManagedApis(client, "upgrade");
    apis.create(
        "orders",
        "image: ghcr.io/acme/orders:1.0.0\nrestartBudget: {maxRestarts: 1, action: Rollback}");
    var cluster = new ControllerSimulator(client, "upgrade");
    PodTemplateSpec healthyTemplate = cluster.awaitDeployment("orders").getSpec().getTemplate();
    String healthyHash = TemplateHash.read(healthyTemplate).orElseThrow();
    writeStatusAsThePreviousVersionDid(
        "upgrade",
        "orders",
        new HealthyRevision(
            healthyHash,
            "ghcr.io/acme/orders:1.0.0",
            1L,
            "2026-11-30T10:00:00Z",
            healthyTemplate,
            null,
            null));

    apis.edit("orders", api -> api.getSpec().setImage("ghcr.io/acme/orders:2.0.0-broken"));

    ManagedApi migrated =
        apis.awaitStatus(
            "orders",
            api ->
                api.getStatus().getLastHealthyRevision() != null
                    && api.getStatus().getLastHealthyRevision().template() == null);
    assertThat(migrated.getStatus().getLastHealthyRevision().controllerRevision())
        .isEqualTo("orders-" + healthyHash);
    assertThat(template(revision("upgrade", "orders-" + healthyHash))).isEqualTo(healthyTemplate);

    await()
        .until(() -> cluster.deploymentImage("orders"), "ghcr.io/acme/orders:2.0.0-broken"::equals);
    String broken = cluster.rollOut("orders").getFirst().getMetadata().getName();
    for (int i = 0; i < 2; i++) {
      cluster.crash(broken, 1, "Error", "boom");
      cluster.restart(broken);
    }

    apis.awaitCondition("orders", "RolledBack", "True", "RolledBack");
    await().until(() -> cluster.deploymentImage("orders"), "ghcr.io/acme/orders:1.0.0"::equals);
  }

  /** Rolls the current template out and lets it run restart-free past the stabilization period. */
  private static String proveHealthy(ManagedApis apis, ControllerSimulator cluster, String image) {
    String pod = cluster.rollOut("orders").getFirst().getMetadata().getName();
    apis.awaitStatus(
        "orders",
        api ->
            api.getStatus().getCurrentRevision() != null
                && image.equals(api.getStatus().getCurrentRevision().image())
                && api.getStatus().getCurrentRevision().healthySince() != null);
    clock.advance(Duration.ofSeconds(11));
    cluster.touch(pod);
    return apis.awaitStatus(
            "orders",
            api ->
                api.getStatus().getLastHealthyRevision() != null
                    && image.equals(api.getStatus().getLastHealthyRevision().image()))
        .getStatus()
        .getLastHealthyRevision()
        .templateHash();
  }

  /**
   * Operator versions before ControllerRevisions wrote the template into status, with the same
   * field manager as now: so the next write of the new version, which leaves it out, removes it.
   */
  private static void writeStatusAsThePreviousVersionDid(
      String namespace, String name, HealthyRevision withTemplate) {
    ManagedApi status = new ManagedApi();
    status.getMetadata().setName(name);
    status.getMetadata().setNamespace(namespace);
    status.setStatus(new ManagedApiStatus());
    status.getStatus().setLastHealthyRevision(withTemplate);
    client
        .resource(status)
        .subresource("status")
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.SERVER_SIDE_APPLY)
                .withFieldManager(ManagedApiReconciler.NAME)
                .withForce(true)
                .build());
  }

  private static ControllerRevision revision(String namespace, String name) {
    return client.apps().controllerRevisions().inNamespace(namespace).withName(name).get();
  }

  private static List<String> revisionNames(String namespace) {
    return client.apps().controllerRevisions().inNamespace(namespace).list().getItems().stream()
        .map(r -> r.getMetadata().getName())
        .toList();
  }

  private static PodTemplateSpec template(ControllerRevision revision) {
    return SERIALIZATION.convertValue(revision.getData(), PodTemplateSpec.class);
  }
}
