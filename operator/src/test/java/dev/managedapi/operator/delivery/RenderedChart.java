package dev.managedapi.operator.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** The objects `helm template` printed, typed by fabric8 (unknown kinds stay generic). */
public record RenderedChart(List<HasMetadata> objects) {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static RenderedChart parse(String yaml) {
    // Split ourselves: helm separates documents with "---" lines and leaves comment-only ones.
    List<HasMetadata> objects =
        Arrays.stream(yaml.split("(?m)^---\\s*$"))
            .filter(document -> document.lines().anyMatch(line -> line.startsWith("kind:")))
            .map(document -> (HasMetadata) SERIALIZATION.unmarshal(document))
            .toList();
    return new RenderedChart(objects);
  }

  public <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    assertThat(found).as("rendered %s objects", type.getSimpleName()).hasSize(1);
    return found.getFirst();
  }

  public <T extends HasMetadata> T named(Class<T> type, String namespace, String name) {
    return all(type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .filter(o -> Objects.equals(o.getMetadata().getNamespace(), namespace))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no %s %s/%s among %s"
                        .formatted(type.getSimpleName(), namespace, name, summary())));
  }

  /** Objects of a kind fabric8 has no class for, such as ServiceMonitor. */
  public List<GenericKubernetesResource> ofKind(String kind) {
    return all(GenericKubernetesResource.class).stream()
        .filter(o -> kind.equals(o.getKind()))
        .toList();
  }

  /** "Kind namespace/name" for every object, for failure messages. */
  public List<String> summary() {
    return objects.stream()
        .map(
            o ->
                "%s %s/%s"
                    .formatted(
                        o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName()))
        .toList();
  }

  /**
   * Rules flattened to "group resource verb" lines (with "[names]" when limited to names), so two
   * rule lists compare regardless of how they are grouped.
   */
  public static Set<String> permissions(List<PolicyRule> rules) {
    Set<String> permissions = new TreeSet<>();
    for (PolicyRule rule : rules) {
      String names = rule.getResourceNames().isEmpty() ? "" : " " + rule.getResourceNames();
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            permissions.add(group + " " + resource + " " + verb + names);
          }
        }
      }
    }
    return permissions;
  }

  /** "group resource verb" lines for each verb in the space-separated {@code verbs}. */
}
