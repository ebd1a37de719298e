package dev.managedapi.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.InitContainer;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ManagedApiSpec;
import dev.managedapi.operator.testing.TestManagedApis;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodTemplateFactoryTest {

  final ManagedApi api = TestManagedApis.managedApi("orders");

  @Test
  void podsAreHardenedForPodSecurityRestricted() {
    PodTemplateSpec template = PodTemplateFactory.build(api);
    var pod = template.getSpec();
    Container container = pod.getContainers().getFirst();

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getVolumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes())
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void noServiceLinksInTheEnvironmentToCollideWithTheApisSettings() {
    assertThat(PodTemplateFactory.build(api).getSpec().getEnableServiceLinks()).isFalse();
  }

  @Test
  void probesHitTheHealthPathsAndTheStartupProbeWaitsForASlowJvm() {
    Container container = PodTemplateFactory.build(api).getSpec().getContainers().getFirst();

    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/liveness");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/readiness");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(container.getLivenessProbe().getPeriodSeconds()).isEqualTo(10);
    assertThat(container.getLivenessProbe().getFailureThreshold()).isEqualTo(3);
    // 120 s of startup allowance at one probe every 2 s.
    assertThat(
            container.getStartupProbe().getPeriodSeconds()
                * container.getStartupProbe().getFailureThreshold())
        .isEqualTo(120);
  }

  @Test
  void shutdownDrainsBeforeSigtermWithinTheGracePeriod() {
    PodTemplateSpec template = PodTemplateFactory.build(api);

    assertThat(template.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
    assertThat(
            template
                .getSpec()
                .getContainers()
                .getFirst()
                .getLifecycle()
                .getPreStop()
                .getSleep()
                .getSeconds())
        .isEqualTo(5L);
  }

  @Test
  void carriesTheSpecsContainerSettings() {
    api.getSpec().setPort(9090);
    api.getSpec().setArgs(List.of("--verbose"));
    Container container = PodTemplateFactory.build(api).getSpec().getContainers().getFirst();

    assertThat(container.getImage()).isEqualTo("ghcr.io/acme/orders:1.4.2");
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9090));
    assertThat(container.getArgs()).containsExactly("--verbose");
    assertThat(container.getResources().getRequests())
        .containsEntry("memory", new Quantity("256Mi"));
    assertThat(container.getResources().getLimits()).doesNotContainKey("cpu");
    assertThat(container.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
  }

  @Test
  void userLabelsAndAnnotationsJoinTheOperatorsOwn() {
    api.getSpec().getPod().setLabels(Map.of("team", "checkout"));
    api.getSpec().getPod().setAnnotations(Map.of("prometheus.io/scrape", "true"));
    PodTemplateSpec template = PodTemplateFactory.build(api);

    assertThat(template.getMetadata().getLabels())
        .containsEntry("team", "checkout")
        .containsEntry(Labels.MANAGEDAPI_NAME, "orders")
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    assertThat(template.getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true")
        .containsKey(Labels.TEMPLATE_HASH);
  }

  @Test
  void aSpreadConstraintWithoutSelectorSpreadsThisApisPods() {
    api.getSpec()
        .getPod()
        .setTopologySpreadConstraints(
            List.of(
                new TopologySpreadConstraintBuilder()
                    .withTopologyKey("topology.kubernetes.io/zone")
                    .withMaxSkew(1)
                    .withWhenUnsatisfiable("ScheduleAnyway")
                    .build()));

    var constraint =
        PodTemplateFactory.build(api).getSpec().getTopologySpreadConstraints().getFirst();

    assertThat(constraint.getLabelSelector().getMatchLabels()).isEqualTo(Labels.selector(api));
  }

  @Test
  void withoutConstraintsOfTheUsersPodsSpreadSoftlyAcrossNodesAndZones() {
    api.getSpec().setReplicas(3);

    var constraints = PodTemplateFactory.build(api).getSpec().getTopologySpreadConstraints();

    assertThat(constraints)
        .extracting(c -> c.getTopologyKey())
        .containsExactly("kubernetes.io/hostname", "topology.kubernetes.io/zone");
    assertThat(constraints)
        .allSatisfy(
            c -> {
              // Soft: a pod is never left pending for the sake of spreading.
              assertThat(c.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
              assertThat(c.getMaxSkew()).isEqualTo(1);
              assertThat(c.getLabelSelector().getMatchLabels()).isEqualTo(Labels.selector(api));
              assertThat(c.getMatchLabelKeys()).containsExactly("pod-template-hash");
            });
  }

  @Test
  void theUsersOwnConstraintsReplaceTheDefaultSpread() {
    api.getSpec()
        .getPod()
        .setTopologySpreadConstraints(
            List.of(
                new TopologySpreadConstraintBuilder()
                    .withTopologyKey("example.com/rack")
                    .withMaxSkew(2)
                    .withWhenUnsatisfiable("DoNotSchedule")
                    .build()));

    assertThat(PodTemplateFactory.build(api).getSpec().getTopologySpreadConstraints())
        .extracting(c -> c.getTopologyKey())
        .containsExactly("example.com/rack");
  }

  @Test
  void theDefaultSpreadDoesNotDependOnTheReplicaCount() {
    api.getSpec().setReplicas(1);
    String one = TemplateHash.read(PodTemplateFactory.build(api)).orElseThrow();
    api.getSpec().setReplicas(2);

    // Scaling must never roll the pods.
    assertThat(TemplateHash.read(PodTemplateFactory.build(api)).orElseThrow()).isEqualTo(one);
  }

  @Test
  void theTemplateHashFollowsContentOnly() {
    String before = TemplateHash.read(PodTemplateFactory.build(api)).orElseThrow();
    String again = TemplateHash.read(PodTemplateFactory.build(api)).orElseThrow();
    api.getSpec().setRestartedAt("2026-11-23T10:00:00Z");
    String restarted = TemplateHash.read(PodTemplateFactory.build(api)).orElseThrow();

    assertThat(again).isEqualTo(before);
    assertThat(restarted).isNotEqualTo(before).hasSize(10);
  }

  @Test
  void aTemplateChangedAndChangedBackHasItsFirstHashAgainAsComputedAfresh() {
    // Hashes of recent templates are remembered; each must still be the template's own.
    String image = api.getSpec().getImage();
    String first = TemplateHash.read(PodTemplateFactory.build(api)).orElseThrow();
    api.getSpec().setImage("registry.local/orders:2");
    var changed = PodTemplateFactory.build(api);
    api.getSpec().setImage(image);
    var back = PodTemplateFactory.build(api);

    assertThat(TemplateHash.read(changed).orElseThrow()).isNotEqualTo(first);
    assertThat(TemplateHash.read(back).orElseThrow()).isEqualTo(first);
    assertThat(TemplateHash.read(changed).orElseThrow())
        .isEqualTo(TemplateHash.of(unstamped(changed)));
    assertThat(first).isEqualTo(TemplateHash.of(unstamped(back)));
  }

  /** The template as it was hashed: without the annotation that carries the hash. */
  private static PodTemplateSpec unstamped(PodTemplateSpec stamped) {
    return new PodTemplateSpecBuilder(stamped)
        .editMetadata()
        .removeFromAnnotations(Labels.TEMPLATE_HASH)
        .endMetadata()
        .build();
  }

  @Test
  void initContainersRunBeforeTheApiAsHardenedAsItWithTheirOwnSettings() {
    api.getSpec().setEnv(List.of(new EnvVar("MODE", "production", null)));
    InitContainer migrate =
        new InitContainer(
            "migrate",
            "ghcr.io/acme/orders-migrations:1.4.2",
            List.of("/migrate"),
            List.of("--to", "latest"),
            List.of(new EnvVar("DB_URL", "postgres://db/orders", null)),
            new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("64Mi")).build());
    InitContainer warm =
        new InitContainer("warm-cache", "ghcr.io/acme/cache-warmer:2", null, null, null, null);
    api.getSpec().setInitContainers(List.of(migrate, warm));

    var pod = PodTemplateFactory.build(api).getSpec();
    Container main = pod.getContainers().getFirst();

    assertThat(pod.getInitContainers())
        .extracting(Container::getName)
        .containsExactly("migrate", "warm-cache");
    Container init = pod.getInitContainers().getFirst();
    assertThat(init.getImage()).isEqualTo("ghcr.io/acme/orders-migrations:1.4.2");
    assertThat(init.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(init.getCommand()).containsExactly("/migrate");
    assertThat(init.getArgs()).containsExactly("--to", "latest");
    assertThat(init.getEnv()).containsExactly(new EnvVar("DB_URL", "postgres://db/orders", null));
    assertThat(init.getResources().getLimits()).containsEntry("memory", new Quantity("64Mi"));
    assertThat(init.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    for (Container each : pod.getInitContainers()) {
      assertThat(each.getSecurityContext()).isEqualTo(main.getSecurityContext());
      assertThat(each.getVolumeMounts()).isEqualTo(main.getVolumeMounts());
      // Probes, ports and a preStop hook would make the API server reject an init container.
      assertThat(each.getLivenessProbe()).isNull();
      assertThat(each.getPorts()).isEmpty();
      assertThat(each.getLifecycle()).isNull();
    }
    assertThat(pod.getInitContainers().get(1).getEnv()).isEmpty();
  }

  @Test
  void withoutInitContainersTheTemplateAndItsHashAreAsBeforeTheFieldExisted() {
    api.getSpec().setInitContainers(List.of());

    var template = PodTemplateFactory.build(api);

    assertThat(new KubernetesSerialization().asJson(template)).doesNotContain("initContainers");
    // JOSDK's matcher walks the list and fails on null.
    assertThat(template.getSpec().getInitContainers()).isNotNull().isEmpty();
  }

  /**
   * `kubectl managedapi rollback` restores the spec fields listed in the plugin's
   * rollback-fields.txt from the last healthy revision, and only those. The list must be exactly
   * the fields the template is built from: a field missing from it would not be rolled back, an
   * extra one would undo a change (replicas, budget, ...) that has nothing to do with the pods'
   * health.
   */
  @Test
  void thePluginsRollbackFieldsAreExactlyTheTemplatesInputs() throws Exception {
    Map<String, String> change =
        Map.ofEntries(
            Map.entry("image", "image: ghcr.io/acme/orders:9.9.9"),
            Map.entry("imagePullPolicy", "imagePullPolicy: Always"),
            Map.entry("replicas", "replicas: 3"),
            Map.entry("port", "port: 9090"),
            Map.entry("command", "command: [/bin/orders]"),
            Map.entry("args", "args: [--verbose]"),
            Map.entry("env", "env: [{name: MODE, value: x}]"),
            Map.entry("envFrom", "envFrom: [{configMapRef: {name: settings}}]"),
            Map.entry("initContainers", "initContainers: [{name: migrate, image: acme/migrate:1}]"),
            Map.entry("resources", "resources: {requests: {cpu: 200m}}"),
            Map.entry("health", "health: {livenessPath: /live}"),
            Map.entry("service", "service: {port: 81}"),
            Map.entry(
                "autoscaling",
                "autoscaling: {minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 80}"),
            Map.entry("disruption", "disruption: {enabled: false}"),
            Map.entry("rollout", "rollout: {progressDeadlineSeconds: 60}"),
            Map.entry("shutdown", "shutdown: {drainSeconds: 10}"),
            Map.entry("suspend", "suspend: true"),
            Map.entry("restartedAt", "restartedAt: '2026-12-01T12:00:00Z'"),
            Map.entry("pod", "pod: {labels: {team: payments}}"),
            // How ConfigMaps reach the pods, not what the pods are: their content is outside the
            // spec, so a rollback of the spec cannot bring old values back either way.
            Map.entry("config", "config: {rollOnChange: false, snapshot: true}"),
            Map.entry("revisionHistoryLimit", "revisionHistoryLimit: 3"),
            Map.entry("restartBudget", "restartBudget: {maxRestarts: 3}"),
            Map.entry("diagnostics", "diagnostics: {logTailLines: 50}"),
            Map.entry(
                "notifications", "notifications: {webhookSecretRef: {name: hook, key: url}}"));
    List<String> specFields =
        Arrays.stream(ManagedApiSpec.class.getDeclaredFields())
            .filter(f -> !java.lang.reflect.Modifier.isStatic(f.getModifiers()))
            .map(java.lang.reflect.Field::getName)
            .toList();
    assertThat(change.keySet())
        .as("a change for every spec field")
        .containsExactlyInAnyOrderElementsOf(specFields);

    String hash = TemplateHash.read(PodTemplateFactory.build(api)).orElseThrow();
    List<String> templateInputs =
        specFields.stream()
            .filter(
                field -> {
                  ManagedApi changed = TestManagedApis.managedApi("orders");
                  changed.setSpec(merged(changed.getSpec(), change.get(field)));
                  return !TemplateHash.read(PodTemplateFactory.build(changed))
                      .orElseThrow()
                      .equals(hash);
                })
            .toList();
    List<String> rollbackFields =
        java.nio.file.Files.readAllLines(
                java.nio.file.Path.of("../kubectl-plugin/rollback-fields.txt"))
            .stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
    assertThat(rollbackFields).containsExactlyInAnyOrderElementsOf(templateInputs);
  }

  /** {@code spec} with the YAML {@code change} merged in, nested objects field by field. */
  private static ManagedApiSpec merged(ManagedApiSpec spec, String change) {
    var serialization = new KubernetesSerialization();
    var node =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            serialization.convertValue(spec, com.fasterxml.jackson.databind.JsonNode.class);
    mergeInto(node, serialization.unmarshal(change, com.fasterxml.jackson.databind.JsonNode.class));
    return serialization.convertValue(node, ManagedApiSpec.class);
  }

  private static void mergeInto(
      com.fasterxml.jackson.databind.node.ObjectNode target,
      com.fasterxml.jackson.databind.JsonNode change) {
    change
        .properties()
        .forEach(
            entry -> {
              if (entry.getValue().isObject()
                  && target.get(entry.getKey())
                      instanceof com.fasterxml.jackson.databind.node.ObjectNode nested) {
                mergeInto(nested, entry.getValue());
              } else {
                target.set(entry.getKey(), entry.getValue());
              }
            });
  }
}
