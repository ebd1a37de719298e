package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.operator.Preflight;
import dev.managedapi.operator.config.OperatorConfig;
import dev.managedapi.operator.config.Shard;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator refuses to start, saying why in words a person can act on, when the CRD is missing
 * or RBAC forbids what it needs; an API server it cannot reach yet it waits for.
 */
@EnableKubeAPIServer
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreflightIT {

  static KubernetesClient client;
  @KubeConfig static String kubeconfig;

  static final OperatorConfig ALL_NAMESPACES =
      new OperatorConfig(
          Set.of(),
          "default",
          false,
          "managedapi-operator",
          "preflight",
          "INFO",
          OperatorConfig.LogFormat.text,
          "127.0.0.1",
          0,
          Duration.ofMinutes(10),
          "cluster.local",
          1,
          false,
          16,
          Shard.DEFAULT);

  @Test
  @Order(1)
  void withoutTheCrdItSaysHowToInstallIt() throws Exception {
    assertThat(Preflight.check(client, ALL_NAMESPACES))
        .containsExactly(
            "The ManagedApi CRD (managedapis.managedapi.dev) is not installed:"
                + " run `kubectl apply --server-side -f crds/`");

    Path log = Files.createTempFile("operator", ".log");
    Process process = OperatorMain.start(kubeconfig, log, Map.of("LEADER_ELECTION", "false"));
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(Files.readString(log))
        .contains("Cannot start: The ManagedApi CRD (managedapis.managedapi.dev) is not installed");
  }

  @Test
  @Order(2)
  void anIdentityMissingOnePermissionHearsWhichOne() {
    Crds.install(client);
    client
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("almost-enough")
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("managedapi.dev")
                        .withResources("managedapis", "managedapis/status")
                        .withVerbs("get", "list", "watch", "patch")
                        .build(),
                    new PolicyRuleBuilder()
                        .withApiGroups("apps")
                        .withResources("deployments")
                        .withVerbs("get", "list", "watch", "create", "patch", "delete")
                        .build(),
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("services")
                        .withVerbs("get", "list", "watch", "create", "patch", "delete")
                        .build(),
                    new PolicyRuleBuilder()
                        .withApiGroups("policy")
                        .withResources("poddisruptionbudgets")
                        .withVerbs("get", "list", "watch", "create", "patch", "delete")
                        .build(),
                    new PolicyRuleBuilder()
                        .withApiGroups("autoscaling")
                        .withResources("horizontalpodautoscalers")
                        .withVerbs("get", "list", "watch", "create", "patch", "delete")
                        .build(),
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("pods")
                        .withVerbs("get", "list", "watch")
                        .build(),
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("events")
                        .withVerbs("get", "list", "create", "patch")
                        .build(),
                    new PolicyRuleBuilder()
                        .withApiGroups("apps")
                        .withResources("controllerrevisions")
                        .withVerbs("get", "list", "watch", "create", "patch", "delete")
                        .build(),
                    new PolicyRuleBuilder()
                        .withApiGroups("")
                        .withResources("configmaps")
                        .withVerbs("get", "list", "watch", "patch", "create", "delete")
                        .build())
                .build())
        .create();

    try (KubernetesClient operatorIdentity = clientFor(boundServiceAccount("almost-enough"))) {
      assertThat(Preflight.check(operatorIdentity, ALL_NAMESPACES))
          .containsExactly("RBAC forbids get pods/log in all namespaces");
    }
  }

  @Test
  @Order(3)
  void anIdentityWithNoPermissionsHearsEverythingItLacks() {
    try (KubernetesClient nobody = clientFor(serviceAccountToken("nobody"))) {
      List<String> problems = Preflight.check(nobody, ALL_NAMESPACES);

      assertThat(problems)
          .contains(
              "RBAC forbids list managedapis.managedapi.dev in all namespaces",
              "RBAC forbids patch managedapis/status.managedapi.dev in all namespaces",
              "RBAC forbids create deployments.apps in all namespaces",
              "RBAC forbids watch pods in all namespaces");
    }
  }

  @Test
  @Order(4)
  void anUnreachableApiServerIsWaitedForNotAReasonToExit() throws Exception {
    try (ApiServerRelay relay = new ApiServerRelay(client.getConfiguration().getMasterUrl())) {
      relay.cut();
      Path log = Files.createTempFile("operator", ".log");
      Process process =
          OperatorMain.start(
              relay.kubeconfig(kubeconfig),
              log,
              Map.of("LEADER_ELECTION", "false", "HTTP_HOST", "127.0.0.1", "HTTP_PORT", "18098"));
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .failFast("the operator exited; see " + log, () -> !process.isAlive())
            .until(() -> count(log, "Cannot reach the Kubernetes API server at") >= 2);
        assertThat(Files.readString(log)).contains("; retrying in 2 s");

        relay.restore();
        await()
            .atMost(Duration.ofSeconds(90))
            .failFast("the operator exited; see " + log, () -> !process.isAlive())
            .until(() -> Files.readString(log).contains("Started managedapi operator"));
        assertThat(count(log, "Cannot reach the Kubernetes API server at"))
            .as("one line per wait, the waits growing")
            .isLessThan(8);
      } finally {
        process.destroyForcibly();
      }
    }
  }

  private static long count(Path log, String text) throws java.io.IOException {
    return Files.readString(log).lines().filter(line -> line.contains(text)).count();
  }

  private static String boundServiceAccount(String clusterRole) {
    String token = accounts().token("operator");
    accounts().bindClusterRole("operator", clusterRole);
    return token;
  }

  private static String serviceAccountToken(String name) {
    return accounts().token(name);
  }

  private static ServiceAccounts accounts() {
    return new ServiceAccounts(client, "preflight");
  }

  private static KubernetesClient clientFor(String token) {
    return new KubernetesClientBuilder().withConfig(accounts().configFor(token)).build();
  }
}
