package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.testing.TestManagedApis;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRD as the API server enforces it: the exact messages `kubectl apply` prints for invalid
 * ManagedApis, the defaults it fills in, and the samples we ship being valid.
 */
@EnableKubeAPIServer
class ManagedApiValidationIT {

  static KubernetesClient client;

  @KubeConfig static String kubeconfig;
  static Kubectl kubectl;
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @BeforeAll
  static void installCrd() {
    Crds.install(client);
    kubectl = new Kubectl(kubeconfig);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .create();
  }

  static Stream<Arguments> invalidManifests() {
    return Stream.of(
        Arguments.of("replicas: 2", "spec.image: Required value"),
        Arguments.of(
            "image: orders\nreplicas: -1",
            "spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0"),
        Arguments.of(
            "image: 'orders latest'",
            "spec.image: Invalid value: \"orders latest\": spec.image in body should match '^[^\\s]+$'"),
        Arguments.of(
            "image: orders\nport: 70000",
            "spec.port: Invalid value: 70000: spec.port in body should be less than or equal to 65535"),
        Arguments.of(
            "image: orders\nautoscaling: {minReplicas: 5, maxReplicas: 2}",
            "spec.autoscaling.minReplicas: Invalid value: minReplicas must be less than or equal to maxReplicas"),
        Arguments.of(
            "image: orders\nautoscaling: {minReplicas: 2}",
            "spec.autoscaling.maxReplicas: Required value"),
        Arguments.of(
            "image: orders\nhealth: {livenessPath: health}",
            "spec.health.livenessPath: Invalid value: \"health\": must be an absolute HTTP path starting with '/'"),
        Arguments.of(
            "image: orders\nhealth: {periodSeconds: 2, timeoutSeconds: 5}",
            "spec.health.timeoutSeconds: Invalid value: timeoutSeconds must not exceed periodSeconds"),
        Arguments.of(
            "image: orders\nrestartBudget: {window: 10s}",
            "spec.restartBudget.window: Invalid value: \"10s\": must be a duration between 1m and 168h, for example 30m or 1h"),
        Arguments.of(
            "image: orders\nrestartBudget: {window: soon}",
            "spec.restartBudget.window: Invalid value: \"soon\": spec.restartBudget.window in body should match"),
        Arguments.of(
            "image: orders\nrestartBudget: {maxRestarts: 0}",
            "spec.restartBudget.maxRestarts: Invalid value: 0: spec.restartBudget.maxRestarts in body should be greater than or equal to 1"),
        Arguments.of(
            "image: orders\nrestartBudget: {action: Reboot}",
            "spec.restartBudget.action: Unsupported value: \"Reboot\": supported values: \"Alert\", \"Rollback\", \"Suspend\""),
        Arguments.of(
            "image: orders\nrestartBudget: {stabilizationPeriod: 1s}",
            "spec.restartBudget.stabilizationPeriod: Invalid value: \"1s\": must be a duration between 10s and 24h, for example 5m"),
        Arguments.of(
            "image: orders\nrollout: {maxSurge: 0, maxUnavailable: 0}",
            "spec.rollout.maxSurge: Invalid value: maxSurge and maxUnavailable cannot both be zero: the rollout could never progress"),
        Arguments.of(
            "image: orders\nshutdown: {drainSeconds: 40, terminationGracePeriodSeconds: 30}",
            "spec.shutdown.drainSeconds: Invalid value: drainSeconds must be shorter than terminationGracePeriodSeconds, or the API gets no time to finish in-flight requests"),
        Arguments.of(
            "image: orders\npod: {labels: {app.kubernetes.io/name: x}}",
            "spec.pod.labels: Invalid value: must not use the managedapi.dev/ or app.kubernetes.io/ prefixes: the operator sets those labels"),
        Arguments.of(
            "image: orders\ndisruption: {minAvailable: 1, maxUnavailable: 1}",
            "spec.disruption.minAvailable: Invalid value: set minAvailable or maxUnavailable, not both"),
        Arguments.of(
            "image: orders\nservice: {type: ExternalName}",
            "spec.service.type: Unsupported value: \"ExternalName\": supported values: \"ClusterIP\", \"LoadBalancer\", \"NodePort\""),
        Arguments.of(
            "image: orders\ndiagnostics: {logTailLines: 1000}",
            "spec.diagnostics.logTailLines: Invalid value: 1000: spec.diagnostics.logTailLines in body should be less than or equal to 200"),
        Arguments.of(
            "image: orders\ninitContainers: [{name: api, image: migrations}]",
            "spec.initContainers[0].name: Invalid value: \"api\": must not be 'api', the API container's name"),
        Arguments.of(
            "image: orders\ninitContainers: [{name: Migrate, image: migrations}]",
            "spec.initContainers[0].name: Invalid value: \"Migrate\": spec.initContainers[0].name in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'"),
        Arguments.of(
            "image: orders\ninitContainers: [{name: migrate}]",
            "spec.initContainers[0].image: Required value"),
        Arguments.of(
            "image: orders\ninitContainers: [{name: migrate, image: a}, {name: migrate, image: b}]",
            "spec.initContainers: Invalid value: init container names must be unique"),
        Arguments.of(
            "image: orders\nnotifications: {}",
            "spec.notifications.webhookSecretRef: Required value"));
  }

  /** Through the real kubectl, so the assertion is on the very text a user reads. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidManifests")
  void kubectlApplyRejectsAnInvalidManagedApiNamingTheField(String spec, String message) {
    var result = kubectl.apply(manifest("invalid", spec));

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output())
        .startsWith("The ManagedApi \"invalid\" is invalid: ")
        .contains(message);
    assertThat(client.resources(ManagedApi.class).inNamespace("shop").withName("invalid").get())
        .isNull();
  }

  @Test
  void defaultsMakeTheEffectiveSpecVisible() {
    ManagedApi created = create("defaulted", "image: ghcr.io/acme/orders:1.4.2");

    // The unit tests' fixture is exactly what the API server produces, so they test real input.
    assertThat(SERIALIZATION.convertValue(created.getSpec(), java.util.Map.class))
        .isEqualTo(
            SERIALIZATION.convertValue(TestManagedApis.defaultedSpec(), java.util.Map.class));
  }

  @Test
  void theShippedSamplesAreValid() throws IOException {
    List<Path> samples;
    try (Stream<Path> files = Files.list(Crds.REPO_ROOT.resolve("k8s/samples"))) {
      samples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(samples).isNotEmpty();
    for (Path sample : samples) {
      ManagedApi api = SERIALIZATION.unmarshal(Files.newInputStream(sample), ManagedApi.class);
      api.getMetadata().setNamespace("shop");
      ManagedApi created = client.resource(api).dryRun().create();
      assertThat(created.getSpec().getImage()).as(sample.toString()).isNotBlank();
    }
  }

  private static ManagedApi create(String name, String specYaml) {
    return client
        .resources(ManagedApi.class)
        .inNamespace("shop")
        .load(new ByteArrayInputStream(manifest(name, specYaml).getBytes()))
        .create();
  }

  private static String manifest(String name, String specYaml) {
    return "apiVersion: managedapi.dev/v1alpha1\nkind: ManagedApi\nmetadata: {name: %s, namespace: shop}\nspec:\n%s"
        .formatted(name, specYaml.indent(2));
  }
}
