package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.config.Shard;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three operator releases on one cluster, as the chart installs them with {@code shard=a}, {@code
 * shard=b} and no shard: each ManagedApi is reconciled by exactly one of them, chosen by its {@code
 * managedapi.dev/shard} label, and relabelling one hands it over: the new shard takes it at once,
 * the old one lets go and writes nothing more for it.
 */
@EnableKubeAPIServer
class ShardingIT {

  private static final String NAMESPACE = "sharding";
  private static final String IMAGE = "image: ghcr.io/acme/orders:1.0.0";

  static KubernetesClient client;
  static OperatorUnderTest shardA;
  static OperatorUnderTest shardB;
  static OperatorUnderTest unsharded;

  @BeforeAll
  static void startThreeReleases() {
    Crds.install(client);
    shardA = OperatorUnderTest.shard(client, new Shard("a"));
    shardB = OperatorUnderTest.shard(client, new Shard("b"));
    unsharded = OperatorUnderTest.shard(client, Shard.DEFAULT);
  }

  @AfterAll
  static void stopThem() {
    for (OperatorUnderTest operator : List.of(shardA, shardB, unsharded)) {
      operator.close();
    }
  }

  @Test
  void eachManagedApiIsReconciledByTheShardItsLabelNames() {
    var apis = new ManagedApis(client, NAMESPACE);
    apis.create("alpha", Map.of(Shard.LABEL, "a"), IMAGE);
    apis.create("bravo", Map.of(Shard.LABEL, "b"), IMAGE);
    apis.create("plain", IMAGE);
    var cluster = new ControllerSimulator(client, NAMESPACE);
    for (String name : List.of("alpha", "bravo", "plain")) {
      cluster.rollOut(name);
      apis.awaitCondition(name, "Ready", "True", "Ready");
    }

    assertThat(objectsWrittenBy(shardA)).containsExactly("alpha");
    assertThat(objectsWrittenBy(shardB)).containsExactly("bravo");
    assertThat(objectsWrittenBy(unsharded)).containsExactly("plain");
    // Per-ManagedApi series come from the release that reconciles it, and only from that one.
    assertThat(seriesNames(shardA, NAMESPACE)).containsExactly("alpha");
    assertThat(seriesNames(shardB, NAMESPACE)).containsExactly("bravo");
    assertThat(seriesNames(unsharded, NAMESPACE)).containsExactly("plain");
  }

  @Test
  void relabellingHandsAManagedApiOverWithoutAGapOrASecondWriter() {
    var apis = new ManagedApis(client, "handover");
    var cluster = new ControllerSimulator(client, "handover");
    apis.create("moving", Map.of(Shard.LABEL, "a"), IMAGE);
    apis.create("joining", IMAGE);
    for (String name : List.of("moving", "joining")) {
      cluster.rollOut(name);
      apis.awaitCondition(name, "Ready", "True", "Ready");
    }
    await().until(() -> seriesNames(shardA, "handover").contains("moving"));
    await().until(() -> seriesNames(unsharded, "handover").contains("joining"));
    List.of(shardA, shardB, unsharded).forEach(OperatorUnderTest::forgetWrites);

    // The label and a new image in one write: the new shard must act on both.
    apis.edit(
        "moving",
        api -> {
          api.getMetadata().getLabels().put(Shard.LABEL, "b");
          api.getSpec().setImage("ghcr.io/acme/orders:2.0.0");
        });
    apis.edit(
        "joining",
        api -> {
          api.getMetadata().setLabels(Map.of(Shard.LABEL, "a"));
          api.getSpec().setImage("ghcr.io/acme/orders:2.0.0");
        });

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.deploymentImage("moving"), "ghcr.io/acme/orders:2.0.0"::equals);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.deploymentImage("joining"), "ghcr.io/acme/orders:2.0.0"::equals);
    cluster.rollOut("moving");
    cluster.rollOut("joining");
    awaitReadyAtItsGeneration(apis, "moving");
    awaitReadyAtItsGeneration(apis, "joining");

    assertThat(objectsWrittenBy(shardB, "handover")).as("the new shard took it").contains("moving");
    assertThat(objectsWrittenBy(shardA, "handover"))
        .as("the old shard wrote nothing for it after the relabel")
        .doesNotContain("moving")
        .contains("joining");
    assertThat(objectsWrittenBy(unsharded, "handover")).doesNotContain("joining");
    await().until(() -> !seriesNames(shardA, "handover").contains("moving"));
    await().until(() -> !seriesNames(unsharded, "handover").contains("joining"));
    assertThat(seriesNames(shardB, "handover")).contains("moving");
    assertThat(seriesNames(shardA, "handover")).contains("joining");
  }

  private static Set<String> objectsWrittenBy(OperatorUnderTest operator) {
    return objectsWrittenBy(operator, NAMESPACE);
  }

  /** The names of the ManagedApis, Deployments and Services this operator wrote in a namespace. */
  private static Set<String> objectsWrittenBy(OperatorUnderTest operator, String namespace) {
    Pattern path =
        Pattern.compile(
            "/namespaces/" + namespace + "/(managedapis|deployments|services)/([^/?]+)");
    return operator.writesBesidesTheLease().stream()
        .map(path::matcher)
        .filter(Matcher::find)
        .map(m -> m.group(2))
        .collect(Collectors.toSet());
  }

  /** The ManagedApis of a namespace this operator exports per-ManagedApi series for. */
  private static Set<String> seriesNames(OperatorUnderTest operator, String namespace) {
    Matcher series =
        Pattern.compile(
                "(?m)^managedapi_ready_pods\\{name=\"([^\"]+)\",namespace=\""
                    + Pattern.quote(namespace)
                    + "\"")
            .matcher(operator.get("/metrics"));
    return series.results().map(m -> m.group(1)).collect(Collectors.toSet());
  }

  private static void awaitReadyAtItsGeneration(ManagedApis apis, String name) {
    apis.awaitStatus(
        name,
        api ->
            api.getMetadata().getGeneration().equals(api.getStatus().getObservedGeneration())
                && ManagedApis.condition(api, "Ready")
                    .map(ready -> "True".equals(ready.getStatus()))
                    .orElse(false));
  }
}
