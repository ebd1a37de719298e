package dev.managedapi.operator.delivery;

import static dev.managedapi.operator.delivery.RenderedChart.permissions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.e2e.LocalCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the chart renders for the value combinations users choose between: all namespaces or a list,
 * monitoring on or off, replicas and leader election, webhook Secret access. Runs the real helm on
 * the chart in the repository; no cluster needed.
 */
class HelmChartIT {

  static final String RELEASE = "managedapi-operator";
  static final String NAMESPACE = "ops-system";
  static final String MONITORING_API = "monitoring.coreos.com/v1";

  @BeforeAll
  static void helmIsThere() {
    Helm.requireBinary();
  }

  @Test
  void lintIsCleanInStrictMode() {
    for (String values : List.of("watchNamespaces=null", "watchNamespaces={team-a,team-b}")) {
      Helm.Output lint =
          Helm.run("lint", "--strict", Helm.CHART.toString(), "--set", values).succeeded();
      assertThat(lint.stdout()).contains("1 chart(s) linted, 0 chart(s) failed");
      assertThat(lint.stdout() + lint.stderr()).doesNotContain("[WARNING]", "[ERROR]");
    }
  }

  @Test
  void byDefaultOneClusterRoleGrantsExactlyWhatTheOperatorUses() {
    RenderedChart chart = render();

    ClusterRole role = chart.one(ClusterRole.class);
    assertThat(permissions(role.getRules()))
        .containsExactlyInAnyOrderElementsOf(OperatorPermissions.IN_WATCHED_NAMESPACES);
    ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects()).singleElement().satisfies(this::isTheOperatorsAccount);
    // The only Role is leader election's, in the release namespace.
    assertThat(chart.all(Role.class))
        .singleElement()
        .satisfies(
            lease -> {
              assertThat(lease.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
              assertThat(permissions(lease.getRules()))
                  .containsExactlyInAnyOrderElementsOf(OperatorPermissions.leaderElection(RELEASE));
            });
    assertThat(env(chart)).containsEntry("WATCH_NAMESPACES", "");
  }

  @Test
  void aListOfWatchedNamespacesGetsARoleInEachAndNothingClusterWide() {
    RenderedChart chart = render("--set", "watchNamespaces={team-a,team-b}");

    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
    for (String namespace : List.of("team-a", "team-b")) {
      Role role = chart.named(Role.class, namespace, RELEASE);
      assertThat(permissions(role.getRules()))
          .containsExactlyInAnyOrderElementsOf(OperatorPermissions.IN_WATCHED_NAMESPACES);
      RoleBinding binding = chart.named(RoleBinding.class, namespace, RELEASE);
      assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
      assertThat(binding.getSubjects()).singleElement().satisfies(this::isTheOperatorsAccount);
    }
    assertThat(env(chart)).containsEntry("WATCH_NAMESPACES", "team-a,team-b");
  }

  @Test
  void secretsAreReadableOnlyWhenWebhookAccessIsOnAndThenOnlyByName() {
    assertThat(allPermissions(render())).noneMatch(p -> p.contains("secrets"));

    for (String mode : List.of("watchNamespaces=null", "watchNamespaces={team-a}")) {
      RenderedChart chart =
          render("--set", mode, "--set", "notifications.webhookSecretAccess=true");
      Set<String> secretGrants =
          allPermissions(chart).stream()
              .filter(p -> p.contains("secrets"))
              .collect(Collectors.toSet());
      assertThat(secretGrants).as(mode).containsExactly(OperatorPermissions.SECRET_GET);

      RenderedChart rolling = render("--set", mode, "--set", "configRollout.secrets=true");
      assertThat(allPermissions(rolling).stream().filter(p -> p.contains("secrets")))
          .as(mode)
          .containsExactlyInAnyOrderElementsOf(OperatorPermissions.REFERENCED_SECRETS);
      assertThat(env(rolling)).containsEntry("ROLL_ON_SECRET_CHANGE", "true");
    }
    assertThat(env(render())).containsEntry("ROLL_ON_SECRET_CHANGE", "false");
  }

  @Test
  void monitoringObjectsAppearOnlyWhenTheClusterServesThePrometheusOperatorApi() {
    RenderedChart without = render();
    assertThat(without.ofKind("ServiceMonitor")).isEmpty();
    assertThat(without.ofKind("PrometheusRule")).isEmpty();

    RenderedChart with = render("--api-versions", MONITORING_API);
    GenericKubernetesResource monitor = with.ofKind("ServiceMonitor").getFirst();
    Service metrics = with.one(Service.class);
    Map<String, String> selected = monitor.get("spec", "selector", "matchLabels");
    assertThat(metrics.getMetadata().getLabels()).containsAllEntriesOf(selected);
    assertThat(selected).isNotEmpty();
    assertThat(monitor.<String>get("spec", "endpoints", 0, "port"))
        .isEqualTo(metrics.getSpec().getPorts().getFirst().getName());
    assertThat(monitor.<Boolean>get("spec", "endpoints", 0, "honorLabels")).isTrue();
    assertThat(alerts(with.ofKind("PrometheusRule").getFirst()))
        .containsOnlyKeys(
            "ManagedApiCrashLooping",
            "ManagedApiRestartBudgetExhausted",
            "ManagedApiRolledBack",
            "ManagedApiNotificationsFailing",
            "ManagedApiOperatorDown",
            "ManagedApiOperatorReconcileErrors",
            "ManagedApiOperatorNoLeader")
        .hasEntrySatisfying(
            "ManagedApiCrashLooping", expr -> assertThat(expr).contains("managedapi_crash_looping"))
        .hasEntrySatisfying(
            "ManagedApiRestartBudgetExhausted",
            expr -> assertThat(expr).contains("managedapi_restart_budget_exhausted"))
        .hasEntrySatisfying(
            "ManagedApiRolledBack", expr -> assertThat(expr).contains("managedapi_rolled_back"))
        .hasEntrySatisfying(
            "ManagedApiOperatorDown",
            expr -> assertThat(expr).contains("job=\"" + metrics.getMetadata().getName() + "\""))
        .hasEntrySatisfying(
            "ManagedApiOperatorNoLeader",
            expr -> assertThat(expr).contains("managedapi_operator_leader"));

    RenderedChart switchedOff =
        render(
            "--api-versions",
            MONITORING_API,
            "--set",
            "monitoring.serviceMonitor.enabled=false",
            "--set",
            "monitoring.prometheusRule.enabled=false");
    assertThat(switchedOff.ofKind("ServiceMonitor")).isEmpty();
    assertThat(switchedOff.ofKind("PrometheusRule")).isEmpty();
  }

  @Test
  void replicasRunWithLeaderElectionOnTheChartsLease() {
    RenderedChart byDefault = render();
    assertThat(byDefault.one(Deployment.class).getSpec().getReplicas()).isEqualTo(2);
    assertThat(env(byDefault))
        .containsEntry("LEADER_ELECTION", "true")
        .containsEntry("LEADER_ELECTION_LEASE", RELEASE);
    assertThat(fieldRefs(byDefault))
        .containsEntry("POD_NAME", "metadata.name")
        .containsEntry("OPERATOR_NAMESPACE", "metadata.namespace");
    assertThat(byDefault.one(PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal())
        .isEqualTo(1);
    // A crash-looping operator pod must not block node drains.
    assertThat(byDefault.one(PodDisruptionBudget.class).getSpec().getUnhealthyPodEvictionPolicy())
        .isEqualTo("AlwaysAllow");

    assertThat(render("--set", "replicaCount=3").one(Deployment.class).getSpec().getReplicas())
        .isEqualTo(3);
    RenderedChart stopped = render("--set", "replicaCount=0");
    assertThat(stopped.one(Deployment.class).getSpec().getReplicas()).isZero();
    assertThat(stopped.all(Role.class)).as("the stopped operator keeps its RBAC").isNotEmpty();

    RenderedChart single =
        render("--set", "replicaCount=1", "--set", "leaderElection.enabled=false");
    assertThat(env(single)).containsEntry("LEADER_ELECTION", "false");
    assertThat(single.all(Role.class)).as("no lease Role without leader election").isEmpty();

    Helm.Output twoLeaders =
        Helm.run(
                "template", RELEASE, Helm.CHART.toString(), "--set", "leaderElection.enabled=false")
            .failed();
    assertThat(twoLeaders.stderr()).contains("replicaCount > 1 needs leaderElection.enabled");
  }

  @Test
  void shardsAreReleasesOfTheirOwnThatCanShareANamespace() {
    assertThat(env(render())).containsEntry("SHARD", "");
    RenderedChart shardA = Helm.template("managedapi-a", NAMESPACE, "--set", "shard=a");
    RenderedChart shardB = Helm.template("managedapi-b", NAMESPACE, "--set", "shard=b");
    assertThat(env(shardA)).containsEntry("SHARD", "a");
    assertThat(env(shardA).get("LEADER_ELECTION_LEASE"))
        .as("each shard elects its own leader")
        .isEqualTo("managedapi-a-managedapi-operator")
        .isNotEqualTo(env(shardB).get("LEADER_ELECTION_LEASE"));
    // Two releases in one namespace must not fight over any object of the other.
    assertThat(objectNames(shardA)).doesNotContainAnyElementsOf(objectNames(shardB));

    assertThat(rejected("shard=eu 1")).contains("shard");
    assertThat(rejected("shard=" + "a".repeat(64))).contains("shard");
  }

  private static List<String> objectNames(RenderedChart chart) {
    return chart.objects().stream()
        .map(o -> o.getKind() + "/" + o.getMetadata().getName())
        .toList();
  }

  @Test
  void theOperatorPodMeetsRestrictedPodSecurityAndProbesItsOwnEndpoints() {
    RenderedChart chart = render();
    PodSpec pod = chart.one(Deployment.class).getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().getFirst();

    assertThat(pod.getServiceAccountName())
        .isEqualTo(chart.one(ServiceAccount.class).getMetadata().getName());
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getPorts().getFirst().getContainerPort()).isEqualTo(8080);
    assertThat(env(chart)).containsEntry("HTTP_PORT", "8080");
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
  }

  @Test
  void theDefaultImageIsTheOneTheBuildProduces() throws IOException {
    String operatorPom = Files.readString(LocalCluster.REPO_ROOT.resolve("operator/pom.xml"));
    String parentPom = Files.readString(LocalCluster.REPO_ROOT.resolve("pom.xml"));
    String jibImage =
        "%s/%s:%s"
            .formatted(
                element(operatorPom, "image.registry"),
                element(operatorPom, "image.repository"),
                element(parentPom, "version"));

    assertThat(container(render()).getImage()).isEqualTo(jibImage);
    assertThat(
            container(
                    render(
                        "--set", "image.digest=sha256:" + "ab".repeat(32), "--set", "image.tag=x"))
                .getImage())
        .isEqualTo("ghcr.io/managedapi/operator@sha256:" + "ab".repeat(32));
  }

  @Test
  void theSchemaRejectsUnknownKeysAndBadValues() {
    assertThat(rejected("watchNamespace={team-a}")).contains("watchNamespace");
    assertThat(rejected("operator.logLevel=LOUD")).contains("logLevel");
    assertThat(rejected("watchNamespaces={Team_A}")).contains("watchNamespaces");
    assertThat(rejected("operator.resyncInterval=ten minutes")).contains("resyncInterval");
    assertThat(rejected("monitoring.serviceMonitor.scrapeEvery=1m")).contains("scrapeEvery");
  }

  private static RenderedChart render(String... args) {
    return Helm.template(RELEASE, NAMESPACE, args);
  }

  private static String rejected(String value) {
    return Helm.run("template", RELEASE, Helm.CHART.toString(), "--set", value).failed().stderr();
  }

  private void isTheOperatorsAccount(Subject subject) {
    assertThat(subject.getKind()).isEqualTo("ServiceAccount");
    assertThat(subject.getName()).isEqualTo(RELEASE);
    assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
  }

  private static Container container(RenderedChart chart) {
    return chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().getFirst();
  }

  private static Map<String, String> env(RenderedChart chart) {
    return container(chart).getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  private static Map<String, String> fieldRefs(RenderedChart chart) {
    return container(chart).getEnv().stream()
        .filter(e -> e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null)
        .collect(
            Collectors.toMap(EnvVar::getName, e -> e.getValueFrom().getFieldRef().getFieldPath()));
  }

  private static Set<String> allPermissions(RenderedChart chart) {
    Set<String> all = new TreeSet<>();
    chart.all(ClusterRole.class).forEach(r -> all.addAll(permissions(r.getRules())));
    chart.all(Role.class).forEach(r -> all.addAll(permissions(r.getRules())));
    return all;
  }

  /** Alert name to expression. */
  private static Map<String, String> alerts(GenericKubernetesResource rule) {
    List<Map<String, Object>> rules = rule.get("spec", "groups", 0, "rules");
    return rules.stream()
        .collect(Collectors.toMap(r -> (String) r.get("alert"), r -> (String) r.get("expr")));
  }

  /** The first {@code <name>value</name>} in a pom. */
  private static String element(String pom, String name) {
    Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
    assertThat(matcher.find()).as("<%s> in the pom", name).isTrue();
    return matcher.group(1);
  }
}
