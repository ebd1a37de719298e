package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.dependent.Labels;
import dev.managedapi.operator.dependent.ReferencedConfig;
import dev.managedapi.operator.testing.MutableClock;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A change to a ConfigMap or Secret the pods read rolls them: the content's hash is in the pod
 * template, so the Deployment gets a new template. Against a real kube-apiserver, whose Deployment
 * controller is absent, so the template itself is what the test reads.
 */
@EnableKubeAPIServer
class ConfigRolloutIT {

  static KubernetesClient client;
  static OperatorUnderTest operator;
  static final MutableClock clock = new MutableClock();

  static final String READS_CONFIG =
      """
      image: ghcr.io/acme/orders:1.4.2
      envFrom: [{configMapRef: {name: orders-config}}]
      env:
        - name: DB_PASSWORD
          valueFrom: {secretKeyRef: {name: orders-db, key: password}}
      """;

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
  void aChangedConfigMapOrSecretRollsThePodsAndOnlyReferencedOnesAreLabelled() {
    var apis = new ManagedApis(client, "config");
    configMap("config", "orders-config", "LOG_LEVEL", "info");
    secret("config", "orders-db", "password", "first");
    configMap("config", "unrelated", "X", "1");
    apis.create("orders", READS_CONFIG);
    var cluster = new ControllerSimulator(client, "config");

    String first = configHash(cluster.awaitDeployment("orders"));
    assertThat(first).isNotNull();
    assertThat(labels("config", "orders-config"))
        .containsEntry(ReferencedConfig.REFERENCED_LABEL, "true");
    assertThat(labels("config", "unrelated")).doesNotContainKey(ReferencedConfig.REFERENCED_LABEL);

    configMap("config", "orders-config", "LOG_LEVEL", "debug");
    String second = awaitNewHash(cluster, first);

    secret("config", "orders-db", "password", "rotated");
    awaitNewHash(cluster, second);
  }

  @Test
  void aReferencedConfigMapCreatedLaterRollsThePodsThatWaitedForIt() {
    var apis = new ManagedApis(client, "late-config");
    apis.create(
        "orders", "image: ghcr.io/acme/orders:1.4.2\nenvFrom: [{configMapRef: {name: later}}]");
    var cluster = new ControllerSimulator(client, "late-config");
    String absent = configHash(cluster.awaitDeployment("orders"));

    configMap("late-config", "later", "READY", "yes");

    // Not labelled yet, so no informer sees it: the next pass finds it by name (a pod event, a
    // spec change, at the latest the resync).
    apis.edit("orders", api -> api.getSpec().getPod().setAnnotations(Map.of("nudge", "1")));
    await()
        .until(
            () -> configHash(cluster.awaitDeployment("orders")),
            hash -> hash != null && !hash.equals(absent));
  }

  @Test
  void rollOnChangeOffLeavesTheTemplateAndTheConfigMapAlone() {
    var apis = new ManagedApis(client, "config-off");
    configMap("config-off", "orders-config", "LOG_LEVEL", "info");
    secret("config-off", "orders-db", "password", "first");
    apis.create("orders", READS_CONFIG + "config: {rollOnChange: false}\n");
    var cluster = new ControllerSimulator(client, "config-off");

    Deployment deployment = cluster.awaitDeployment("orders");

    assertThat(configHash(deployment)).isNull();
    assertThat(labels("config-off", "orders-config"))
        .doesNotContainKey(ReferencedConfig.REFERENCED_LABEL);
  }

  @Test
  void withSnapshotsTheRollbackReturnsToTheConfigurationThatRanHealthily() {
    var apis = new ManagedApis(client, "snapshot");
    configMap("snapshot", "settings", "MODE", "good");
    apis.create(
        "orders",
        """
        image: ghcr.io/acme/orders:1.4.2
        envFrom: [{configMapRef: {name: settings}}]
        config: {snapshot: true}
        restartBudget: {maxRestarts: 1, action: Rollback, stabilizationPeriod: 10s}""");
    var cluster = new ControllerSimulator(client, "snapshot");

    String good = awaitEnvFrom(cluster, name -> name.startsWith("settings-"));
    var copy = client.configMaps().inNamespace("snapshot").withName(good).get();
    assertThat(copy.getImmutable()).isTrue();
    assertThat(copy.getData()).containsEntry("MODE", "good");
    assertThat(copy.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("ManagedApi"));
    String healthyPod = cluster.rollOut("orders").getFirst().getMetadata().getName();
    apis.awaitStatus(
        "orders",
        api ->
            api.getStatus().getCurrentRevision() != null
                && api.getStatus().getCurrentRevision().healthySince() != null);
    clock.advance(java.time.Duration.ofSeconds(11));
    cluster.touch(healthyPod);
    apis.awaitStatus("orders", api -> api.getStatus().getLastHealthyRevision() != null);

    configMap("snapshot", "settings", "MODE", "broken");
    String broken =
        awaitEnvFrom(cluster, name -> name.startsWith("settings-") && !name.equals(good));
    assertThat(client.configMaps().inNamespace("snapshot").withName(broken).get().getData())
        .containsEntry("MODE", "broken");
    String brokenPod = cluster.rollOut("orders").getFirst().getMetadata().getName();
    for (int i = 0; i < 2; i++) {
      cluster.crash(brokenPod, 1, "Error", "MODE=broken");
      cluster.restart(brokenPod);
    }

    apis.awaitCondition("orders", "RolledBack", "True", "RolledBack");
    assertThat(awaitEnvFrom(cluster, good::equals))
        .as("the healthy revision's pods read the copy of what ran healthily")
        .isEqualTo(good);
    assertThat(client.configMaps().inNamespace("snapshot").withName(good).get().getData())
        .containsEntry("MODE", "good");
  }

  @Test
  void aCopyNothingUsesAnyMoreIsDeleted() {
    var apis = new ManagedApis(client, "snapshot-gc");
    configMap("snapshot-gc", "settings", "MODE", "first");
    apis.create(
        "orders",
        "image: ghcr.io/acme/orders:1.4.2\nenvFrom: [{configMapRef: {name: settings}}]\n"
            + "config: {snapshot: true}");
    var cluster = new ControllerSimulator(client, "snapshot-gc");
    String first = awaitEnvFrom(cluster, name -> name.startsWith("settings-"));

    configMap("snapshot-gc", "settings", "MODE", "second");
    String second =
        awaitEnvFrom(cluster, name -> name.startsWith("settings-") && !name.equals(first));

    // No pod ran the first copy and no revision kept it.
    await()
        .until(() -> client.configMaps().inNamespace("snapshot-gc").withName(first).get() == null);
    assertThat(client.configMaps().inNamespace("snapshot-gc").withName(second).get()).isNotNull();
    assertThat(client.configMaps().inNamespace("snapshot-gc").withName("settings").get())
        .as("the user's own ConfigMap is never touched but for the label")
        .isNotNull();
  }

  /** The ConfigMap the Deployment's pods read through envFrom, once it matches. */
  private static String awaitEnvFrom(
      ControllerSimulator cluster, java.util.function.Predicate<String> wanted) {
    return await()
        .until(
            () ->
                cluster
                    .awaitDeployment("orders")
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .getFirst()
                    .getEnvFrom()
                    .getFirst()
                    .getConfigMapRef()
                    .getName(),
            wanted::test);
  }

  private static String awaitNewHash(ControllerSimulator cluster, String previous) {
    return await()
        .until(
            () -> configHash(cluster.awaitDeployment("orders")),
            hash -> hash != null && !hash.equals(previous));
  }

  private static String configHash(Deployment deployment) {
    Map<String, String> annotations =
        deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Labels.CONFIG_HASH);
  }

  private static Map<String, String> labels(String namespace, String name) {
    Map<String, String> labels =
        client.configMaps().inNamespace(namespace).withName(name).get().getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  /** Creates or replaces the data, keeping any labels the operator put on it. */
  private static void configMap(String namespace, String name, String key, String value) {
    var existing = client.configMaps().inNamespace(namespace).withName(name).get();
    if (existing == null) {
      client
          .configMaps()
          .inNamespace(namespace)
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .endMetadata()
                  .withData(Map.of(key, value))
                  .build())
          .create();
    } else {
      client
          .configMaps()
          .inNamespace(namespace)
          .withName(name)
          .edit(
              c -> {
                c.setData(Map.of(key, value));
                return c;
              });
    }
  }

  private static void secret(String namespace, String name, String key, String value) {
    var existing = client.secrets().inNamespace(namespace).withName(name).get();
    if (existing == null) {
      client
          .secrets()
          .inNamespace(namespace)
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .endMetadata()
                  .withStringData(Map.of(key, value))
                  .build())
          .create();
    } else {
      client
          .secrets()
          .inNamespace(namespace)
          .withName(name)
          .edit(
              s -> {
                s.setData(null);
                s.setStringData(Map.of(key, value));
                return s;
              });
    }
  }
}
