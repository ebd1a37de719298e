package dev.managedapi.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.InitContainer;
import dev.managedapi.operator.api.v1alpha1.ManagedApiSpec;
import dev.managedapi.operator.testing.TestManagedApis;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which ConfigMaps and Secrets count as read by the pods, and how their content is hashed. */
class ConfigReferencesTest {

  @Test
  void envValueFromEnvFromAndInitContainersAreAllReferences() {
    ManagedApiSpec spec = TestManagedApis.defaultedSpec();
    spec.setEnv(
        List.of(
            new EnvVarBuilder().withName("PLAIN").withValue("x").build(),
            new EnvVarBuilder()
                .withName("LEVEL")
                .withNewValueFrom()
                .withNewConfigMapKeyRef("level", "settings", false)
                .endValueFrom()
                .build(),
            new EnvVarBuilder()
                .withName("PASSWORD")
                .withNewValueFrom()
                .withNewSecretKeyRef("password", "db", false)
                .endValueFrom()
                .build()));
    spec.setEnvFrom(
        List.of(
            new EnvFromSourceBuilder().withNewConfigMapRef("shared", true).build(),
            new EnvFromSourceBuilder().withNewSecretRef("tokens", false).build()));
    spec.setInitContainers(
        List.of(
            new InitContainer(
                "migrate",
                "migrate:1",
                null,
                null,
                List.of(
                    new EnvVarBuilder()
                        .withName("URL")
                        .withNewValueFrom()
                        .withNewSecretKeyRef("url", "migrations", false)
                        .endValueFrom()
                        .build()),
                null)));

    ConfigReferences references = ConfigReferences.of(spec);

    assertThat(references.configMaps()).containsExactly("settings", "shared");
    assertThat(references.secrets()).containsExactly("db", "migrations", "tokens");
    assertThat(ConfigReferences.of(TestManagedApis.defaultedSpec()).isEmpty()).isTrue();
  }

  @Test
  void theDigestChangesWithAnyValueKeyOrPresenceAndNotWithOrder() {
    String base = ReferencedConfig.digest(content("configmap/a", Map.of("k", "v", "j", "w")));

    assertThat(ReferencedConfig.digest(content("configmap/a", Map.of("j", "w", "k", "v"))))
        .isEqualTo(base);
    assertThat(ReferencedConfig.digest(content("configmap/a", Map.of("k", "v2", "j", "w"))))
        .isNotEqualTo(base);
    assertThat(ReferencedConfig.digest(content("configmap/a", Map.of("kj", "vw"))))
        .isNotEqualTo(ReferencedConfig.digest(content("configmap/a", Map.of("k", "jvw"))));
    Map<String, Map<String, String>> absent = new TreeMap<>();
    absent.put("configmap/a", null);
    assertThat(ReferencedConfig.digest(absent))
        .isNotEqualTo(ReferencedConfig.digest(content("configmap/a", Map.of())));
  }

  private static Map<String, Map<String, String>> content(String object, Map<String, String> data) {
    Map<String, Map<String, String>> content = new TreeMap<>();
    content.put(object, new TreeMap<>(data));
    return content;
  }
}
