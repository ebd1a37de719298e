package dev.managedapi.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `kubectl explain managedapi.spec.<field>` must have something to say for every field of ours. */
class EveryFieldIsDescribedTest {

  @Test
  void everyFieldOfOurOwnTypesHasADescription(@TempDir Path tempDir) throws IOException {
    CustomResourceDefinition crd =
        new KubernetesSerialization()
            .unmarshal(
                Files.readString(CrdGeneration.generate(tempDir)), CustomResourceDefinition.class);
    JSONSchemaProps root = crd.getSpec().getVersions().getFirst().getSchema().getOpenAPIV3Schema();
    List<String> undescribed = new ArrayList<>();
    for (var top :
        List.of(root, root.getProperties().get("spec"), root.getProperties().get("status"))) {
      if (top.getDescription() == null || top.getDescription().isBlank()) {
        undescribed.add("the kind, spec or status itself");
      }
    }
    collectUndescribed("spec", root.getProperties().get("spec"), undescribed);
    collectUndescribed("status", root.getProperties().get("status"), undescribed);

    assertThat(undescribed).as("fields without @JsonPropertyDescription").isEmpty();
  }

  private static void collectUndescribed(
      String path, JSONSchemaProps schema, List<String> undescribed) {
    schema
        .getProperties()
        .forEach(
            (name, child) -> {
              if (child.getDescription() == null || child.getDescription().isBlank()) {
                undescribed.add(path + "." + name);
              }
              CrdReference.ownFields(child)
                  .ifPresent(
                      fields ->
                          collectUndescribed(
                              fields.path(path + "." + name), fields.schema(), undescribed));
            });
  }
}
