package dev.managedapi.operator.e2e;

import static dev.managedapi.operator.delivery.OperatorPermissions.SECRET_GET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ManagedApiStatus;
import dev.managedapi.operator.delivery.CanIMatrix;
import dev.managedapi.operator.delivery.ChartMonitoring;
import dev.managedapi.operator.delivery.Helm;
import dev.managedapi.operator.delivery.OperatorPermissions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chart on the local cluster, as a user meets it: `helm install`, the operator reconciling a
 * sample, `helm upgrade`, `helm uninstall`. The chart's operator pods really run on the node: the
 * image, the chart's ServiceAccount token through the in-cluster configuration, leader election on
 * the chart's Lease, the kubelet probing /healthz and /readyz. If the chart's RBAC or values were
 * not enough, the pods' startup check or their reconciliation would show it here.
 *
 * <p>The chart's pods watch only this test's namespaces (the chart's watchNamespaces), so they
 * never compete with other E2E tests' operators on the shared cluster. The CRD is shared too: Helm
 * 4 server-side-applies crds/ on every install, which would take the CRD's fields over from whoever
 * applied it before, so this test applies it the documented way only when it is missing and
 * installs with --skip-crds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmInstallE2E {

  private static final Logger log = LoggerFactory.getLogger(HelmInstallE2E.class);

  /** Long enough for JVMs starting on a node whose two cores other tests share. */
  static final Duration WAIT = Duration.ofSeconds(120);

  static final String HELM_WAIT = "150s";

  /** The least ManagedApi that runs on the node: an image the node has. */
  static final String ORDERS =
      """
      apiVersion: managedapi.dev/v1alpha1
      kind: ManagedApi
      metadata: {name: orders}
      spec:
        image: ghcr.io/managedapi/api-service:0.1.0
      """;

  static KubernetesClient admin;
  static String release;
  static String fullname;
  static String operatorNamespace;
  static String apps;
  static String moreApps;
  static Set<String> installedPods;

  @BeforeAll
  static void createNamespaces() {
    admin = LocalCluster.connect();
    Helm.requireBinary();
    if (admin.apiextensions().v1().customResourceDefinitions().withName(ManagedApi.CRD_NAME).get()
        == null) {
      LocalCluster.kubectl("apply", "--server-side", "-f", "crds/").succeeded();
    }
    operatorNamespace = LocalCluster.restrictedNamespace(admin, "delivery-op");
    apps = LocalCluster.restrictedNamespace(admin, "delivery-apps");
    moreApps = LocalCluster.restrictedNamespace(admin, "delivery-more");
    // Cluster-scoped names (the ClusterRole) derive from it, so it is unique per run too.
    release = "delivery-" + operatorNamespace.substring("delivery-op-".length());
    fullname = release + "-managedapi-operator";
  }

  @AfterAll
  static void cleanUp() {
    if (admin != null) {
      if (release != null) {
        Helm.run("uninstall", release, "-n", operatorNamespace, "--ignore-not-found");
      }
      for (String namespace : new String[] {apps, moreApps, operatorNamespace}) {
        if (namespace != null) {
          admin.namespaces().withName(namespace).delete();
        }
      }
      admin.close();
    }
  }

  @Test
  @Order(1)
  void installRunsTwoOperatorPodsThatPassTheirProbesAndElectALeader() {
    long started = System.nanoTime();
    Helm.Output install =
        helm(
            "install", "--set", "watchNamespaces={" + apps + "}", "--wait", "--timeout", HELM_WAIT);
    log.info(
        "helm install --wait: two operator pods Ready after {} s",
        Duration.ofNanos(System.nanoTime() - started).toSeconds());

    assertThat(install.stdout()).contains("STATUS: deployed").contains("kubectl get managedapis");
    assertThat(operatorDeployment().getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(admin.serviceAccounts().inNamespace(operatorNamespace).withName(fullname).get())
        .isNotNull();
    assertThat(admin.rbac().roles().inNamespace(apps).withName(fullname).get()).isNotNull();
    List<Pod> pods = operatorPods();
    assertThat(pods).hasSize(2).allSatisfy(HelmInstallE2E::assertRunsWithTheChartsIdentity);
    installedPods = names(pods);
    // The kubelet made them Ready by probing /readyz (startup and liveness probe /healthz).
    assertThat(pods)
        .allSatisfy(
            pod -> {
              OperatorPod operator = OperatorPod.of(pod);
              assertThat(operator.status("/healthz")).as("%s /healthz", pod).isEqualTo(200);
              assertThat(operator.status("/readyz")).as("%s /readyz", pod).isEqualTo(200);
            });

    OperatorPod leader = leader(installedPods);
    assertThat(pods.stream().map(OperatorPod::of).filter(OperatorPod::leads).map(OperatorPod::name))
        .as("the replicas that say they lead")
        .containsExactly(leader.name());
  }

  @Test
  @Order(2)
  void theChartsOperatorReconcilesTheSampleToReady() throws IOException {
    LocalCluster.kubectl("apply", "-n", apps, "-f", "k8s/samples/managedapi.yaml").succeeded();

    OperatorPod leader = leader(installedPods);
    theLeaderReconcilesToReady(leader, apps, "api-service", 2);
    theLeaderExposesWhatTheAlertsAndTheDashboardRead(leader);
  }

  @Test
  @Order(3)
  void theServiceAccountMayDoWhatTheOperatorNeedsAndNothingMore() {
    CanIMatrix matrix = canI();
    for (String permission : OperatorPermissions.IN_WATCHED_NAMESPACES) {
      matrix
          .allows(permission, "-n", apps)
          .denies(permission, "-n", "default")
          .denies(permission, "--all-namespaces");
    }
    for (String permission : OperatorPermissions.leaderElection(fullname)) {
      matrix.allows(permission, "-n", operatorNamespace).denies(permission, "-n", apps);
    }
    matrix.denies(SECRET_GET, "-n", apps);
    OperatorPermissions.NEVER_IN_WATCHED_NAMESPACES.forEach(p -> matrix.denies(p, "-n", apps));
    OperatorPermissions.NEVER_CLUSTER_WIDE.forEach(p -> matrix.denies(p, "--all-namespaces"));
    matrix.deniesRaw("*", "*", "--all-namespaces");

    assertThat(matrix.wrongAnswers())
        .as("kubectl auth can-i answers that differ from the chart's promise")
        .isEmpty();
  }

  @Test
  @Order(4)
  void upgradeWithMoreNamespacesAndWebhookSecretsReachesTheRunningPods() {
    helm(
        "upgrade",
        "--set",
        "watchNamespaces={" + apps + "," + moreApps + "}",
        "--set",
        "notifications.webhookSecretAccess=true",
        "--set",
        "replicaCount=3",
        "--wait",
        "--timeout",
        HELM_WAIT);

    assertThat(operatorDeployment().getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(
            canI()
                .allows(SECRET_GET, "-n", moreApps)
                .denies(" secrets list", "-n", moreApps)
                .denies(SECRET_GET, "-n", "default")
                .wrongAnswers())
        .isEmpty();
    List<Pod> pods =
        await("three pods of the upgraded template, the old ones gone")
            .atMost(WAIT)
            .until(HelmInstallE2E::operatorPods, list -> list.size() == 3);
    assertThat(pods)
        .allSatisfy(
            pod -> {
              assertRunsWithTheChartsIdentity(pod);
              assertThat(pod.getMetadata().getName()).isNotIn(installedPods);
              assertThat(operatorContainer(pod).getEnv())
                  .contains(new EnvVar("WATCH_NAMESPACES", apps + "," + moreApps, null));
            });

    OperatorPod leader = leader(names(pods));
    LocalCluster.kubectlWithInput(ORDERS, "apply", "-n", moreApps, "-f", "-").succeeded();
    theLeaderReconcilesToReady(leader, moreApps, "orders", 1);
    // The new leader took over the first namespace's ManagedApi too.
    assertThat(leader.gauge("managedapi_ready", apps, "api-service")).hasValue(1.0);
  }

  @Test
  @Order(5)
  void upgradeToEveryNamespaceSwapsTheRolesForAClusterRole() {
    // replicaCount=0: pods watching every namespace of this shared cluster would reconcile other
    // tests' ManagedApis alongside those tests' own operators, two controllers applying the same
    // Deployments. The RBAC under test renders the same with no pods, and can-i reads RBAC.
    helm("upgrade", "--reset-values", "--set", "replicaCount=0", "--wait", "--timeout", HELM_WAIT);

    assertThat(operatorDeployment().getSpec().getReplicas()).isZero();
    await("no operator pod left").atMost(WAIT).until(() -> allOperatorPods().isEmpty());
    assertThat(admin.rbac().clusterRoles().withName(fullname).get()).isNotNull();
    assertThat(admin.rbac().roles().inNamespace(apps).withName(fullname).get()).isNull();
    assertThat(admin.rbac().roles().inNamespace(moreApps).withName(fullname).get()).isNull();
    assertThat(
            canI()
                .allows("apps deployments patch", "--all-namespaces")
                .allows("managedapi.dev managedapis watch", "-n", "default")
                .denies(SECRET_GET, "--all-namespaces")
                .wrongAnswers())
        .isEmpty();
  }

  @Test
  @Order(6)
  void uninstallLeavesNothingButTheCrd() {
    Helm.Output uninstall =
        Helm.run("uninstall", release, "-n", operatorNamespace, "--wait", "--timeout", "60s")
            .succeeded();
    assertThat(uninstall.stdout()).contains("uninstalled");

    String selector = "app.kubernetes.io/instance=" + release;
    await("every object of the release is gone")
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        LocalCluster.kubectl(
                                "get",
                                "clusterroles,clusterrolebindings,roles,rolebindings,serviceaccounts,"
                                    + "deployments,replicasets,pods,services,poddisruptionbudgets",
                                "--all-namespaces",
                                "-l",
                                selector,
                                "-o",
                                "name")
                            .succeeded()
                            .output())
                    .isBlank());
    assertThat(
            LocalCluster.kubectl("get", "secrets", "-n", operatorNamespace, "-l", "owner=helm")
                .succeeded()
                .output())
        .as("Helm's release records")
        .contains("No resources found");
    assertThat(
            admin
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName(ManagedApi.CRD_NAME)
                .get())
        .as("the CRD stays")
        .isNotNull();
  }

  private static Helm.Output helm(String command, String... values) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                release,
                Helm.CHART.toString(),
                "--namespace",
                operatorNamespace,
                "--skip-crds"));
    args.addAll(List.of(values));
    return Helm.run(args.toArray(String[]::new)).succeeded();
  }

  private static Deployment operatorDeployment() {
    return admin.apps().deployments().inNamespace(operatorNamespace).withName(fullname).get();
  }

  /** The release's operator pods, terminating ones included. */
  private static List<Pod> allOperatorPods() {
    return admin
        .pods()
        .inNamespace(operatorNamespace)
        .withLabel("app.kubernetes.io/instance", release)
        .list()
        .getItems();
  }

  /** The release's operator pods that are not being stopped. */
  private static List<Pod> operatorPods() {
    return allOperatorPods().stream()
        .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static Set<String> names(List<Pod> pods) {
    return pods.stream().map(pod -> pod.getMetadata().getName()).collect(Collectors.toSet());
  }

  private static Container operatorContainer(Pod pod) {
    return pod.getSpec().getContainers().getFirst();
  }

  /**
   * Run by the kubelet from the chart's image, as the chart's ServiceAccount, with nothing but the
   * in-cluster configuration to reach the API server: the token the kubelet mounts.
   */
  private static void assertRunsWithTheChartsIdentity(Pod pod) {
    RealNode.assertRunsThePod(pod);
    assertThat(pod.getStatus().getContainerStatuses().getFirst().getImage())
        .as("the image containerd runs")
        .startsWith("ghcr.io/managedapi/operator:");
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo(fullname);
    assertThat(operatorContainer(pod).getEnv()).noneMatch(e -> "KUBECONFIG".equals(e.getName()));
    assertThat(operatorContainer(pod).getVolumeMounts())
        .anyMatch(m -> "/var/run/secrets/kubernetes.io/serviceaccount".equals(m.getMountPath()));
  }

  /**
   * The pod among {@code candidates} that holds the chart's Lease and has renewed it since it
   * acquired it (fabric8 renews with a PATCH).
   */
  private static OperatorPod leader(Set<String> candidates) {
    Lease lease =
        await("one of " + candidates + " holds the chart's Lease and renews it")
            .atMost(WAIT)
            .until(
                () -> admin.leases().inNamespace(operatorNamespace).withName(fullname).get(),
                l ->
                    l != null
                        && candidates.contains(l.getSpec().getHolderIdentity())
                        && l.getSpec().getRenewTime() != null
                        && l.getSpec().getRenewTime().isAfter(l.getSpec().getAcquireTime()));
    Pod pod =
        admin
            .pods()
            .inNamespace(operatorNamespace)
            .withName(lease.getSpec().getHolderIdentity())
            .get();
    return OperatorPod.of(pod);
  }

  /**
   * Waits for Ready with the ManagedApi's own pods Ready on the node, then checks on the leader's
   * /metrics that this pod, not another operator on the shared cluster, saw it Ready without failed
   * reconciles.
   */
  private static void theLeaderReconcilesToReady(
      OperatorPod leader, String namespace, String name, int replicas) {
    // Asserted rather than polled for a boolean, so a timeout prints the conditions.
    await(name + " Ready")
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(conditionsOf(namespace, name))
                    .anySatisfy(
                        c -> {
                          assertThat(c.getType()).isEqualTo("Ready");
                          assertThat(c.getStatus()).isEqualTo("True");
                        }));
    assertThat(admin.pods().inNamespace(namespace).withLabel("managedapi.dev/name", name).list())
        .satisfies(
            list ->
                assertThat(list.getItems())
                    .filteredOn(Readiness::isPodReady)
                    .hasSize(replicas)
                    .allSatisfy(RealNode::assertRunsThePod));
    await(leader.name() + " reports " + name + " ready on /metrics")
        .atMost(WAIT)
        .until(() -> leader.gauge("managedapi_ready", namespace, name).orElse(-1) == 1.0);
    assertThat(leader.failedReconciliations()).isZero();
  }

  /**
   * The chart's alerts and dashboard against the metric names the chart's own operator pod exposes.
   * Two appear only on first use, which this run does not reach (MonitoredMetricsIT drives both): a
   * failed reconcile, and a notification (the sample has no webhook).
   */
  private static void theLeaderExposesWhatTheAlertsAndTheDashboardRead(OperatorPod leader)
      throws IOException {
    assertThat(
            ChartMonitoring.notExposed(
                ChartMonitoring.metricsRead(),
                leader.metricsText(),
                Set.of(
                    "operator_sdk_reconciliations_failed_total", "managedapi_notifications_total")))
        .as("metrics the alerts and the dashboard read but %s does not expose", leader.name())
        .isEmpty();
  }

  private static List<Condition> conditionsOf(String namespace, String name) {
    return Optional.ofNullable(
            admin.resources(ManagedApi.class).inNamespace(namespace).withName(name).get())
        .map(ManagedApi::getStatus)
        .map(ManagedApiStatus::getConditions)
        .orElse(List.of());
  }

  private static CanIMatrix canI() {
    return new CanIMatrix("system:serviceaccount:" + operatorNamespace + ":" + fullname);
  }
}
