package dev.managedapi.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.ManagedApiOperator;
import dev.managedapi.operator.Preflight;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.config.OperatorConfig;
import dev.managedapi.operator.delivery.Helm;
import dev.managedapi.operator.delivery.OperatorPermissions;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * sample, `helm upgrade`, `helm uninstall`. kwok simulates the chart's operator pods (they never
 * execute), so the real operator runs in this JVM with the chart's ServiceAccount token and the
 * settings the chart put in the Deployment's environment: if the chart's RBAC or values were not
 * enough, this is where it would show.
 *
 * <p>The operator here watches only this test's namespaces (the chart's watchNamespaces), so it
 * never competes with other E2E tests' operators on the shared cluster. The CRD is shared too: Helm
 * 4 server-side-applies crds/ on every install, which would take the CRD's fields over from whoever
 * applied it before, so this test applies it the documented way only when it is missing and
 * installs with --skip-crds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelmInstallE2E {

  private static final Logger log = LoggerFactory.getLogger(HelmInstallE2E.class);
  static final Duration WAIT = Duration.ofSeconds(60);

  static KubernetesClient admin;
  static String release;
  static String fullname;
  static String operatorNamespace;
  static String apps;
  static String moreApps;
  static RunningOperator operator;

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
    operator = RunningOperator.asDeployed(operatorDeployment());

    await("the operator holds the chart's lease and renews it")
        .atMost(WAIT)
        .until(() -> renewedLease(lease()));
    LocalCluster.kubectl("apply", "-n", apps, "-f", "k8s/samples/managedapi.yaml").succeeded();
    awaitReady(apps, "api-service");
    // Proof that this operator, not another one on the cluster, saw it Ready without errors.
    assertThat(operator.metric("managedapi_ready", apps, "api-service")).isEqualTo(1.0);
    assertThat(operator.failedReconciliations()).isZero();
  }

  @Test
  @Order(3)
  void theServiceAccountMayDoWhatTheOperatorNeedsAndNothingMore() {
    List<String> wrong = new ArrayList<>();
    for (String permission : OperatorPermissions.IN_WATCHED_NAMESPACES) {
      expect(wrong, true, canI(permission, "-n", apps));
      expect(wrong, false, canI(permission, "-n", "default"));
      expect(wrong, false, canI(permission, "--all-namespaces"));
    }
    for (String permission : OperatorPermissions.LEADER_ELECTION) {
      expect(wrong, true, canI(permission, "-n", operatorNamespace));
      expect(wrong, false, canI(permission, "-n", apps));
    }
    expect(wrong, false, canI(" secrets get", "-n", apps));
    for (String permission : OperatorPermissions.NEVER_IN_WATCHED_NAMESPACES) {
      expect(wrong, false, canI(permission, "-n", apps));
    }
    for (String permission : OperatorPermissions.NEVER_CLUSTER_WIDE) {
      expect(wrong, false, canI(permission, "--all-namespaces"));
    }
    expect(wrong, false, canIKubectl(List.of("*", "*", "--all-namespaces")));
    assertThat(wrong)
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
    List<String> wrong = new ArrayList<>();
    expect(wrong, true, canI(" secrets get", "-n", moreApps));
    expect(wrong, false, canI(" secrets list", "-n", moreApps));
    expect(wrong, false, canI(" secrets get", "-n", "default"));
    assertThat(wrong).isEmpty();

    // The upgraded pods would restart with the new environment; the local process does the same.
    operator = RunningOperator.asDeployed(deployment);
    assertThat(operator.config().watchNamespaces()).containsExactlyInAnyOrder(apps, moreApps);
    LocalCluster.kubectl("apply", "-n", moreApps, "-f", "k8s/samples/minimal.yaml").succeeded();
    awaitReady(moreApps, "orders");
    assertThat(operator.failedReconciliations()).isZero();
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
    List<String> wrong = new ArrayList<>();
    expect(wrong, true, canI("apps deployments patch", "--all-namespaces"));
    expect(wrong, true, canI("managedapi.dev managedapis watch", "-n", "default"));
    expect(wrong, false, canI(" secrets get", "--all-namespaces"));
    assertThat(wrong).isEmpty();
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
    assertThat(admin.apiextensions().v1().customResourceDefinitions().withName(ManagedApi.CRD_NAME))
        .as("the CRD stays")
        .satisfies(crd -> assertThat(crd.get()).isNotNull());
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

  /** Held, and renewed at least once since acquired: fabric8 renews with a PATCH. */
  private static boolean renewedLease(Lease lease) {
    return lease != null
        && lease.getSpec().getHolderIdentity() != null
        && lease.getSpec().getRenewTime() != null
        && lease.getSpec().getRenewTime().isAfter(lease.getSpec().getAcquireTime());
  }

  private static void awaitReady(String namespace, String name) {
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
  }

  /** A permission line of {@link OperatorPermissions} as `kubectl auth can-i` arguments. */
  private static CanI canI(String permission, String... scope) {
    Matcher m = Pattern.compile("^(\\S*) (\\S+) (\\S+)$").matcher(permission);
    assertThat(m.matches()).as(permission).isTrue();
    String[] resource = m.group(2).split("/", 2);
    String qualified = resource[0] + (m.group(1).isEmpty() ? "" : "." + m.group(1));
    List<String> args = new ArrayList<>(List.of(m.group(3), qualified));
    if (resource.length > 1) {
      args.add("--subresource=" + resource[1]);
    }
    args.addAll(List.of(scope));
    return canIKubectl(args);
  }

  /** `kubectl auth can-i <question>` as the chart's ServiceAccount. */
  private static CanI canIKubectl(List<String> question) {
    List<String> args = new ArrayList<>(List.of("auth", "can-i"));
    args.addAll(question);
    args.add("--as=system:serviceaccount:" + operatorNamespace + ":" + fullname);
    LocalCluster.Result result = LocalCluster.kubectl(args.toArray(String[]::new));
    // A misspelt resource would be a vacuous "no"; kubectl warns about it.
    assertThat(result.output()).as(args.toString()).doesNotContain("doesn't have a resource type");
    return new CanI(String.join(" ", question), result.exitCode() == 0);
  }

  private static void expect(List<String> wrong, boolean allowed, CanI answer) {
    log.info("can-i {} -> {}", answer.question(), answer.allowed() ? "yes" : "no");
    if (answer.allowed() != allowed) {
      wrong.add(answer.question() + ": " + (answer.allowed() ? "yes" : "no"));
    }
  }

  record CanI(String question, boolean allowed) {}

  /**
   * The operator in this JVM as the chart's pods would run it: the chart's ServiceAccount token,
   * the Deployment's environment, leader election on the chart's Lease.
   */
  record RunningOperator(
      KubernetesClient client, ManagedApiOperator operator, OperatorConfig config)
      implements AutoCloseable {

    static RunningOperator asDeployed(Deployment deployment) {
      String namespace = deployment.getMetadata().getNamespace();
      String serviceAccount = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
      String token =
          admin
              .serviceAccounts()
              .inNamespace(namespace)
              .withName(serviceAccount)
              .tokenRequest(
                  new TokenRequestBuilder()
                      .withNewSpec()
                      .withExpirationSeconds(3600L)
                      .endSpec()
                      .build())
              .getStatus()
              .getToken();
      Config adminConfig = admin.getConfiguration();
      KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(
                  new ConfigBuilder(Config.empty())
                      .withMasterUrl(adminConfig.getMasterUrl())
                      .withCaCertData(adminConfig.getCaCertData())
                      .withOauthToken(token)
                      .build())
              .build();
      OperatorConfig config = localConfig(deployment);
      assertThat(Preflight.check(client, config)).as("the operator's own startup check").isEmpty();
      try {
        ManagedApiOperator operator = new ManagedApiOperator(client, config, Clock.systemUTC());
        operator.start();
        return new RunningOperator(client, operator, config);
      } catch (IOException e) {
        client.close();
        throw new UncheckedIOException(e);
      }
    }

    /**
     * The Deployment's environment read the way the operator's main() reads it, with what the
     * kubelet would fill in (the namespace) and the HTTP server on a free loopback port.
     */
    private static OperatorConfig localConfig(Deployment deployment) {
      Map<String, String> env = new HashMap<>();
      for (EnvVar var :
          deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()) {
        if (var.getValue() != null) {
          env.put(var.getName(), var.getValue());
        }
      }
      env.put("OPERATOR_NAMESPACE", deployment.getMetadata().getNamespace());
      OperatorConfig c = OperatorConfig.fromEnvironment(env);
      assertThat(c.leaderElection()).isTrue();
      return new OperatorConfig(
          c.watchNamespaces(),
          c.operatorNamespace(),
          c.leaderElection(),
          c.leaseName(),
          c.logLevel(),
          c.logFormat(),
          "127.0.0.1",
          0,
          c.resyncInterval(),
          c.clusterDomain(),
          c.reconcileThreads());
    }

    /** One sample of a per-ManagedApi gauge from the operator's /metrics. */
    double metric(String name, String namespace, String api) {
      Matcher m =
          Pattern.compile(
                  "(?m)^%s\\{[^}]*name=\"%s\",namespace=\"%s\"[^}]*} (\\S+)$"
                      .formatted(name, Pattern.quote(api), Pattern.quote(namespace)))
              .matcher(scrape());
      assertThat(m.find()).as("%s for %s/%s on /metrics", name, namespace, api).isTrue();
      return Double.parseDouble(m.group(1));
    }

    double failedReconciliations() {
      Matcher m =
          Pattern.compile("(?m)^operator_sdk_reconciliations_failed_total\\{[^}]*} (\\S+)$")
              .matcher(scrape());
      double failed = 0;
      while (m.find()) {
        failed += Double.parseDouble(m.group(1));
      }
      return failed;
    }

    private String scrape() {
      try (HttpClient http = HttpClient.newHttpClient()) {
        return http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + operator.httpPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      operator.close();
      client.close();
    }
  }
}
