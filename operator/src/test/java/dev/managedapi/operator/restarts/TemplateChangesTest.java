package dev.managedapi.operator.restarts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.HealthyRevision;
import dev.managedapi.operator.api.v1alpha1.InitContainer;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.dependent.PodTemplateFactory;
import dev.managedapi.operator.dependent.ReferencedConfig;
import dev.managedapi.operator.dependent.TemplateHash;
import dev.managedapi.operator.testing.TestManagedApis;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The words a person reads for each kind of change between the healthy template and the failing
 * one. Both templates come from the real template factory, so the changes are the ones a spec edit
 * really makes, with the operator's own annotations in place.
 */
class TemplateChangesTest {

  @Test
  void aNewImageTagIsNamedByItsTags() {
    assertThat(changes(api -> api.getSpec().setImage("registry.local/orders:1.5.0")))
        .containsExactly("image 1.4.2 → 1.5.0");
  }

  @Test
  void anImageFromAnotherRepositoryOrByDigestIsNamedInFull() {
    assertThat(changes(api -> api.getSpec().setImage("registry.local/billing:1.4.2")))
        .containsExactly("image registry.local/orders:1.4.2 → registry.local/billing:1.4.2");
    assertThat(TemplateChanges.imageChange("host:5000/orders:1", "host:5000/orders@sha256:ab"))
        .isEqualTo("1 → sha256:ab");
    assertThat(TemplateChanges.imageChange("orders", "orders:2")).isEqualTo("orders → orders:2");
  }

  @Test
  void environmentVariablesAddedRemovedAndChangedAreNamedWithTheirValues() {
    List<String> changes =
        changes(
            api -> api.getSpec().setEnv(List.of(env("DB_POOL", "2"), env("FEATURE_X", "true"))));

    assertThat(changes)
        .containsExactly(
            "env LOG_LEVEL removed", "env DB_POOL changed: 10 → 2", "env FEATURE_X=true added");
  }

  @Test
  void hiddenValuesLeaveOnlyTheNames() {
    ManagedApi healthy = base();
    ManagedApi failing = base();
    failing.getSpec().setEnv(List.of(env("DB_POOL", "s3cr3t"), env("FEATURE_X", "hunter2")));
    failing.getSpec().setArgs(List.of("--password=hunter2"));

    List<String> changes =
        TemplateChanges.between(
            PodTemplateFactory.build(healthy), PodTemplateFactory.build(failing), false);

    assertThat(changes)
        .containsExactly(
            "env LOG_LEVEL removed", "env DB_POOL changed", "env FEATURE_X added", "args changed");
    assertThat(String.join("\n", changes)).doesNotContain("s3cr3t", "hunter2", "10");
  }

  @Test
  void aValueFromASecretIsNeverShownOnlyWhereItComesFrom() {
    List<String> changes =
        changes(
            api ->
                api.getSpec()
                    .setEnv(
                        List.of(
                            secretEnv("DB_POOL", "db", "pool"),
                            env("LOG_LEVEL", "info"),
                            secretEnv("DB_PASSWORD", "db-v2", "password"))));

    assertThat(changes)
        .containsExactly(
            "env DB_POOL changed (now from Secret db key pool)",
            "env DB_PASSWORD added from Secret db-v2 key password");
  }

  @Test
  void envFromSourcesAddedAndRemovedAreNamed() {
    List<String> changes =
        changes(
            api ->
                api.getSpec()
                    .setEnvFrom(
                        List.of(
                            new EnvFromSourceBuilder()
                                .withNewSecretRef("orders-v2", false)
                                .withPrefix("DB_")
                                .build())));

    assertThat(changes)
        .containsExactly(
            "envFrom ConfigMap orders-config removed",
            "envFrom Secret orders-v2 (prefix DB_) added");
  }

  @Test
  void resourceRequestsAndLimitsAreNamedWithTheirQuantities() {
    List<String> changes =
        changes(
            api ->
                api.getSpec()
                    .setResources(
                        new ResourceRequirementsBuilder()
                            .withRequests(Map.of("cpu", new Quantity("250m")))
                            .withLimits(Map.of("memory", new Quantity("256Mi")))
                            .build()));

    assertThat(changes)
        .containsExactlyInAnyOrder(
            "cpu request 100m → 250m",
            "memory request removed (was 512Mi)",
            "memory limit 512Mi → 256Mi");
  }

  @Test
  void commandAndArgsShowTheirValues() {
    List<String> changes =
        changes(
            api -> {
              api.getSpec().setCommand(List.of("java", "-jar", "/app/new.jar"));
              api.getSpec().setArgs(List.of("--port=9090"));
            });

    assertThat(changes)
        .containsExactly(
            "command set to [\"java\",\"-jar\",\"/app/new.jar\"]", "args set to [\"--port=9090\"]");
  }

  @Test
  void probesAndOtherContainerFieldsAreNamedAsChanged() {
    List<String> changes =
        changes(
            api -> {
              api.getSpec().getHealth().setLivenessPath("/status/live");
              api.getSpec().getHealth().setReadinessPath("/status/ready");
            });

    assertThat(changes).containsExactly("liveness probe changed", "readiness probe changed");
  }

  @Test
  void initContainersAreNamedAddedRemovedAndChanged() {
    ManagedApi healthy = base();
    healthy
        .getSpec()
        .setInitContainers(
            List.of(
                new InitContainer("migrate", "registry.local/migrate:7", null, null, null, null),
                new InitContainer("warm", "registry.local/warm:1", null, null, null, null)));
    ManagedApi failing = base();
    failing
        .getSpec()
        .setInitContainers(
            List.of(
                new InitContainer("migrate", "registry.local/migrate:8", null, null, null, null),
                new InitContainer("seed", "registry.local/seed:1", null, null, null, null)));

    assertThat(
            TemplateChanges.between(
                PodTemplateFactory.build(healthy), PodTemplateFactory.build(failing), true))
        .containsExactly(
            "init container warm removed",
            "init container migrate: image 7 → 8",
            "init container seed added");
  }

  @Test
  void podFieldsAndTemplateAnnotationsAreNamed() {
    List<String> changes =
        changes(
            api -> {
              api.getSpec().getPod().setServiceAccountName("orders-v2");
              api.getSpec().setRestartedAt("2026-12-02T06:00:00Z");
            });

    assertThat(changes)
        .containsExactly(
            "pod annotation managedapi.dev/restarted-at=2026-12-02T06:00:00Z added",
            "pod serviceAccountName set to orders-v2");
    assertThat(changes)
        .noneMatch(
            change -> change.contains(dev.managedapi.operator.dependent.Labels.TEMPLATE_HASH));
  }

  @Test
  void aChangedConfigurationHashIsNamedAsConfigurationContent() {
    ManagedApi api = base();

    assertThat(
            TemplateChanges.between(
                PodTemplateFactory.build(api, configHash("aaaa")),
                PodTemplateFactory.build(api, configHash("bbbb")),
                true))
        .containsExactly("content of a referenced ConfigMap or Secret changed");
  }

  @Test
  void aLongListIsCappedWithACountOfTheRest() {
    List<String> changes =
        changes(
            api -> {
              List<EnvVar> many = new ArrayList<>();
              for (int i = 0; i < 20; i++) {
                many.add(env("VAR_" + i, "x"));
              }
              api.getSpec().setEnv(many);
            });

    assertThat(changes).hasSize(TemplateChanges.MAX_CHANGES + 1);
    assertThat(changes.getLast()).isEqualTo("and 10 more");
  }

  @Test
  void noHealthyRevisionOrTheHealthyRevisionItselfHasNoChanges() {
    PodTemplateSpec template = PodTemplateFactory.build(base());
    HealthyRevision itself =
        new HealthyRevision(
            TemplateHash.read(template).orElseThrow(),
            "orders:1.4.2",
            1L,
            "now",
            template,
            null,
            null);

    assertThat(TemplateChanges.sinceHealthy(null, template, true)).isEmpty();
    assertThat(TemplateChanges.sinceHealthy(itself, template, true)).isEmpty();
    assertThat(TemplateChanges.between(template, template, true)).isEmpty();
  }

  @Test
  void theHealthyRevisionIsComparedWithTheFailingTemplate() {
    PodTemplateSpec healthy = PodTemplateFactory.build(base());
    ManagedApi next = base();
    next.getSpec().setImage("registry.local/orders:1.5.0");
    HealthyRevision revision =
        new HealthyRevision(
            TemplateHash.read(healthy).orElseThrow(),
            "orders:1.4.2",
            1L,
            "now",
            healthy,
            null,
            null);

    assertThat(TemplateChanges.sinceHealthy(revision, PodTemplateFactory.build(next), true))
        .containsExactly("image 1.4.2 → 1.5.0");
  }

  @Test
  void aPodIsBlamedOnlyForTheChangesOfTheRevisionItRuns() {
    PodTemplateSpec healthy = PodTemplateFactory.build(base());
    ManagedApi next = base();
    next.getSpec().setImage("registry.local/orders:1.5.0");
    PodTemplateSpec spec = PodTemplateFactory.build(next);
    HealthyRevision revision =
        new HealthyRevision(
            TemplateHash.read(healthy).orElseThrow(),
            "orders:1.4.2",
            1L,
            "now",
            healthy,
            null,
            null);

    assertThat(
            TemplateChanges.ofRevision(TemplateHash.read(spec).orElseThrow(), revision, spec, true))
        .containsExactly("image 1.4.2 → 1.5.0");
    assertThat(
            TemplateChanges.ofRevision(
                TemplateHash.read(healthy).orElseThrow(), revision, spec, true))
        .as("a pod of the rollback target runs no change")
        .isEmpty();
    assertThat(TemplateChanges.ofRevision("older", revision, spec, true)).isEmpty();
  }

  private static ReferencedConfig.Resolution configHash(String hash) {
    return new ReferencedConfig.Resolution(Optional.of(hash), Map.of(), Map.of());
  }

  /** The changes from the base ManagedApi to one {@code edit} changed, values shown. */
  private static List<String> changes(Consumer<ManagedApi> edit) {
    ManagedApi failing = base();
    edit.accept(failing);
    return TemplateChanges.between(
        PodTemplateFactory.build(base()), PodTemplateFactory.build(failing), true);
  }

  /** A release that ran healthily: a tagged image, three variables, requests and a limit. */
  private static ManagedApi base() {
    ManagedApi api = TestManagedApis.managedApi("orders");
    api.getSpec().setImage("registry.local/orders:1.4.2");
    api.getSpec().setEnv(List.of(env("LOG_LEVEL", "info"), env("DB_POOL", "10")));
    api.getSpec()
        .setEnvFrom(
            List.of(
                new EnvFromSourceBuilder().withNewConfigMapRef("orders-config", false).build()));
    api.getSpec()
        .setResources(
            new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("512Mi")))
                .withLimits(Map.of("memory", new Quantity("512Mi")))
                .build());
    return api;
  }

  private static EnvVar env(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar secretEnv(String name, String secret, String key) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef(key, secret, false)
        .endValueFrom()
        .build();
  }
}
