package dev.managedapi.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.operator.testing.TestManagedApis;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CrdDefaultingTest {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Test
  void anImageAloneGetsEveryDefaultTheFixtureLists() throws IOException {
    JsonNode spec = SERIALIZATION.unmarshal("image: ghcr.io/acme/orders:1.4.2", JsonNode.class);

    CrdDefaulting.apply(specSchema(), spec);

    assertThat(spec)
        .isEqualTo(SERIALIZATION.convertValue(TestManagedApis.defaultedSpec(), JsonNode.class));
  }

  @Test
  void givenValuesStayAndTheirSiblingsAreDefaulted() throws IOException {
    JsonNode spec =
        SERIALIZATION.unmarshal(
            """
            image: i
            replicas: 3
            health: {startupSeconds: 60}
            """,
            JsonNode.class);

    CrdDefaulting.apply(specSchema(), spec);

    assertThat(spec.path("replicas").asInt()).isEqualTo(3);
    assertThat(spec.path("health").path("startupSeconds").asInt()).isEqualTo(60);
    assertThat(spec.path("health").path("livenessPath").asText()).isEqualTo("/health/liveness");
  }

  static JsonNode specSchema() throws IOException {
    String crd = Files.readString(Path.of("..", "crds", CrdGeneration.FILE_NAME));
    return SERIALIZATION
        .unmarshal(crd, JsonNode.class)
        .at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
  }
}
