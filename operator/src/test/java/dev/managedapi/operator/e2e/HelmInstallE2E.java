package dev.managedapi.operator.e2e;

import static dev.managedapi.operator.delivery.OperatorPermissions.SECRET_GET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.delivery.CanIMatrix;
import dev.managedapi.operator.delivery.Helm;
import dev.managedapi.operator.delivery.OperatorPermissions;
import dev.managedapi.operator.delivery.OperatorProcess;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart on the local cluster, as a user meets it: `helm install`, the operator reconciling a
 * sample, `helm upgrade`, `helm uninstall`. kwok simulates the chart's operator pods (they never
 * execute), so the operator's jar runs beside the test ({@link OperatorProcess}) with the chart's
 * ServiceAccount token and the environment the chart gave the Deployment: if the chart's RBAC or
 * values were not enough, its startup check or its reconciliation would show it here.
 *
 * <p>The operator here watches only this test's namespaces (the chart's watchNamespaces), so it
 * never competes with other E2E tests' operators on the shared cluster. The CRD is shared too: Helm
 * 4 server-side-applies crds/ on every install, which would take the CRD's fields over from whoever
 * applied it before, so this test applies it the documented way only when it is missing and
 * installs with --skip-crds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmInstallE2E {

  static final Duration WAIT = Duration.ofSeconds(60);

  static KubernetesClient admin;
  static String release;
  static String fullname;
  static String operatorNamespace;
  static String apps;
  static String moreApps;
  static OperatorProcess operator;
  @TempDir static Path workDir;

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
    stopOperator();
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
  void installRunsTheOperatorPodsUnderRestrictedPodSecurity() {
    Helm.Output install =
        helm("install", "--set", "watchNamespaces={" + apps + "}", "--wait", "--timeout", "90s");

    assertThat(install.stdout()).contains("STATUS: deployed").contains("kubectl get managedapis");
    Deployment deployment = operatorDeployment();
    assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(admin.serviceAccounts().inNamespace(operatorNamespace).withName(fullname).get())
        .isNotNull();
    assertThat(admin.rbac().roles().inNamespace(apps).withName(fullname).get()).isNotNull();
  }

  @Test
  @Order(2)
  void theOperatorWithTheChartsIdentityReconcilesTheSampleToReady() {
    operator = OperatorProcess.startAsDeployed(admin, operatorDeployment(), workDir);

    String identity = operator.environment().get("POD_NAME");
    await("the operator holds the chart's lease and renews it")
        .atMost(WAIT)
        .until(() -> renewedBy(lease(), identity));
    theOperatorReconcilesToReady(apps, "k8s/samples/managedapi.yaml", "api-service");
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
  void upgradeWithMoreNamespacesAndWebhookSecretsReachesTheRunningOperator() {
    stopOperator();
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
        "90s");

    Deployment deployment = operatorDeployment();
    assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(3);
    assertThat(
            canI()
                .allows(SECRET_GET, "-n", moreApps)
                .denies(" secrets list", "-n", moreApps)
                .denies(SECRET_GET, "-n", "default")
                .wrongAnswers())
        .isEmpty();

    // The upgraded pods would restart with the new environment; the local process does the same.
    operator = OperatorProcess.startAsDeployed(admin, deployment, workDir);
    assertThat(operator.environment()).containsEntry("WATCH_NAMESPACES", apps + "," + moreApps);
    theOperatorReconcilesToReady(moreApps, "k8s/samples/minimal.yaml", "orders");
  }

  @Test
  @Order(5)
  void upgradeToEveryNamespaceSwapsTheRolesForAClusterRole() {
    // Not started this time: an operator watching every namespace would compete with other tests.
    stopOperator();
    helm("upgrade", "--reset-values", "--wait", "--timeout", "90s");

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
    stopOperator();
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

  private static void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
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

  private static Lease lease() {
    return admin.leases().inNamespace(operatorNamespace).withName(fullname).get();
  }

  /** Held by {@code identity}, and renewed since acquired: fabric8 renews with a PATCH. */
  private static boolean renewedBy(Lease lease, String identity) {
    return lease != null
        && identity.equals(lease.getSpec().getHolderIdentity())
        && lease.getSpec().getRenewTime() != null
        && lease.getSpec().getRenewTime().isAfter(lease.getSpec().getAcquireTime());
  }

  /**
   * Applies a sample and waits for Ready, then checks on the operator's own /metrics that this
   * process, not another operator on the shared cluster, saw it Ready without failed reconciles.
   */
  private static void theOperatorReconcilesToReady(String namespace, String sample, String name) {
    LocalCluster.kubectl("apply", "-n", namespace, "-f", sample).succeeded();
    await(name + " Ready")
        .atMost(WAIT)
        .until(
            () -> admin.resources(ManagedApi.class).inNamespace(namespace).withName(name).get(),
            api ->
                api != null
                    && api.getStatus() != null
                    && api.getStatus().getConditions().stream()
                        .anyMatch(
                            c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
    await("the operator reports " + name + " ready on /metrics")
        .atMost(WAIT)
        .until(() -> operator.gauge("managedapi_ready", namespace, name).orElse(-1) == 1.0);
    assertThat(operator.failedReconciliations()).isZero();
  }

  private static CanIMatrix canI() {
    return new CanIMatrix("system:serviceaccount:" + operatorNamespace + ":" + fullname);
  }
}
