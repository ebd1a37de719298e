package dev.managedapi.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rolling restart (`spec.restartedAt`) of api-service under steady load loses no request: every
 * GET sent to the Service's ClusterIP from this host, as kube-proxy routes it, answers 2xx while
 * each old pod drains and stops and each new one starts. It takes the operator's defaults for
 * rollout, probes and shutdown, so it tests what a user gets without tuning anything.
 *
 * <p>The callers are java.net.http clients, which send a GET once more when a reused keep-alive
 * connection closes before any response (as HTTP/1.1 allows a server to close an idle one): a
 * failure here is one such a caller sees. Without {@code drainSeconds} the port closes while
 * kube-proxy still routes new connections to it, and connections are refused.
 */
class RollingRestartUnderLoadE2E {

  private static final Logger log = LoggerFactory.getLogger(RollingRestartUnderLoadE2E.class);

  static final int REPLICAS = 2;

  /**
   * Four callers at 25 requests a second each: steady, and modest on a shared machine, where the
   * old pods' serving takes CPU from the new pods' JVMs starting on the same node.
   */
  static final int CLIENTS = 4;

  static final int REQUESTS_PER_SECOND_EACH = 25;
  static final int MAX_REQUESTS = 18_000;
  static final Duration LOAD_BOUND = Duration.ofSeconds(180);
  static final Duration WAIT = Duration.ofSeconds(240);

  static final String API =
      """
      apiVersion: managedapi.dev/v1alpha1
      kind: ManagedApi
      metadata: {name: api}
      spec:
        image: ghcr.io/managedapi/api-service:0.1.0
        replicas: %d
        # Small requests, so the surge pod fits beside other tests' pods on the one node; no CPU
        # limit, so the JVMs still start and serve at full speed.
        resources:
          requests: {cpu: 50m, memory: 256Mi}
          limits: {memory: 384Mi}
        env:
          # All the load comes from one address; the limit per caller is not under test.
          - {name: RATE_LIMIT_ENABLED, value: "false"}
      """
          .formatted(REPLICAS);

  @RegisterExtension
  static final ClusterOperator cluster = ClusterOperator.inNewNamespace("e2e-rolling");

  @Test
  void aRollingRestartUnderLoadFailsNoRequest() {
    String namespace = cluster.namespace();
    LocalCluster.kubectlWithInput(API, "apply", "-n", namespace, "-f", "-").succeeded();
    LocalCluster.kubectl(
            "wait", "-n", namespace, "--for=condition=Ready", "--timeout=50s", "managedapi/api")
        .succeeded();
    Set<String> oldPods = names(pods());
    assertThat(oldPods).hasSize(REPLICAS);
    URI uri =
        RealNode.clusterIpUri(
            cluster.client().services().inNamespace(namespace).withName("api").get(),
            "/api/inputs?limit=1");

    LoadLoop.Report report;
    try (LoadLoop load =
        LoadLoop.start(uri, CLIENTS, REQUESTS_PER_SECOND_EACH, MAX_REQUESTS, LOAD_BOUND)) {
      // Every caller holds keep-alive connections to the old pods before they are replaced.
      await("the load under way").atMost(WAIT).until(() -> load.sent() >= 10 * CLIENTS);
      long restarted = System.nanoTime();
      LocalCluster.patchManagedApi(
              namespace, "api", "{\"spec\":{\"restartedAt\":\"" + Instant.now() + "\"}}")
          .succeeded();

      await("the rolling restart done, or the load over")
          .atMost(WAIT)
          .until(() -> replacedAndGone(oldPods) || !load.running());
      // A rollout that outlasts the load's bound is not proven lossless: say so, not "0 failed".
      assertThat(load.running())
          .as(
              "the rollout done within the load's bound of %s (%d requests sent so far); a busy"
                  + " node starts the JVMs slowly",
              LOAD_BOUND, load.sent())
          .isTrue();
      log.info(
          "Rolling restart of {} pods done in {} s under load",
          REPLICAS,
          Duration.ofNanos(System.nanoTime() - restarted).toSeconds());
      report = load.stop();
    }

    log.info("Rolling restart under load: {}", report);
    assertThat(report.failures()).as("failed requests (%s)", report).isEmpty();
    assertThat(report.failed()).isZero();
    assertThat(report.requests()).as("requests sent").isGreaterThanOrEqualTo(1_000);
  }

  /**
   * Every old pod gone (not only terminating: its drain and stop happen under load too) and the
   * Deployment's new pods all ready and available.
   */
  private static boolean replacedAndGone(Set<String> oldPods) {
    List<Pod> pods = pods();
    DeploymentStatus status =
        cluster
            .client()
            .apps()
            .deployments()
            .inNamespace(cluster.namespace())
            .withName("api")
            .get()
            .getStatus();
    return pods.size() == REPLICAS
        && pods.stream().noneMatch(pod -> oldPods.contains(pod.getMetadata().getName()))
        && pods.stream().allMatch(Readiness::isPodReady)
        && Integer.valueOf(REPLICAS).equals(status.getUpdatedReplicas())
        && Integer.valueOf(REPLICAS).equals(status.getAvailableReplicas())
        && Integer.valueOf(REPLICAS).equals(status.getReplicas());
  }

  private static List<Pod> pods() {
    return cluster
        .client()
        .pods()
        .inNamespace(cluster.namespace())
        .withLabel("managedapi.dev/name", "api")
        .list()
        .getItems();
  }

  private static Set<String> names(List<Pod> pods) {
    return pods.stream().map(pod -> pod.getMetadata().getName()).collect(Collectors.toSet());
  }
}
