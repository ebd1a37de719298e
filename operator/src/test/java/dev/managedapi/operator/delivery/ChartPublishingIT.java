package dev.managedapi.operator.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.managedapi.operator.e2e.LocalCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart as a published package: Artifact Hub's metadata says what the chart really ships, every
 * ci/*-values.yaml (chart-testing's one file per mode) passes `helm lint --strict` and renders, the
 * schema turns away a wrong type for every value values.yaml documents, and `helm package` (what
 * `make chart` runs) leaves the test inputs out.
 */
class ChartPublishingIT {

  static final Path CI_VALUES = Helm.CHART.resolve("ci");
  static final Set<String> CHANGE_KINDS =
      Set.of("added", "changed", "deprecated", "removed", "fixed", "security");

  @BeforeAll
  static void helmIsThere() {
    Helm.requireBinary();
  }

  @Test
  void artifactHubsImagesAreTheOnesTheChartDeploys() throws IOException {
    List<Map<String, String>> images = annotationList("artifacthub.io/images");

    RenderedChart chart = Helm.template("managedapi-operator", "ops");
    List<String> deployed = new ArrayList<>();
    for (Deployment deployment : chart.all(Deployment.class)) {
      deployment.getSpec().getTemplate().getSpec().getContainers().stream()
          .map(Container::getImage)
          .forEach(deployed::add);
    }
    assertThat(images).extracting(i -> i.get("image")).containsExactlyElementsOf(deployed);
    assertThat(images).allSatisfy(i -> assertThat(i.get("name")).isNotBlank());
  }

  @Test
  void artifactHubsCrdsAndExampleAreTheChartsCrdAndTheSample() throws IOException {
    List<Map<String, String>> crds = annotationList("artifacthub.io/crds");
    List<String> described = new ArrayList<>();
    crds.forEach(c -> described.add(c.get("name") + " " + c.get("kind") + " " + c.get("version")));
    List<String> shipped = new ArrayList<>();
    try (Stream<Path> files = Files.list(Helm.CHART.resolve("crds"))) {
      for (Path file : files.sorted().toList()) {
        Map<String, Object> crd = new Yaml().load(Files.readString(file));
        Map<String, Object> spec = map(crd.get("spec"));
        for (Object version : (List<?>) spec.get("versions")) {
          shipped.add(
              "%s %s %s"
                  .formatted(
                      map(crd.get("metadata")).get("name"),
                      map(spec.get("names")).get("kind"),
                      map(version).get("name")));
        }
      }
    }
    assertThat(described).containsExactlyInAnyOrderElementsOf(shipped);
    assertThat(crds).allSatisfy(c -> assertThat(c.get("description")).isNotBlank());

    // The sample ManagedApiValidationIT applies to a real API server.
    Object sample =
        new Yaml()
            .load(Files.readString(LocalCluster.REPO_ROOT.resolve("k8s/samples/managedapi.yaml")));
    assertThat(annotationList("artifacthub.io/crdsExamples")).containsExactly(map(sample));
  }

  @Test
  void artifactHubsLinksAndChangesAreWellFormed() throws IOException {
    Map<String, Object> chart = chartYaml();
    List<Map<String, String>> links = annotationList("artifacthub.io/links");
    List<Map<String, String>> changes = annotationList("artifacthub.io/changes");
    assertThat(links)
        .isNotEmpty()
        .allSatisfy(
            link -> {
              assertThat(link.get("name")).isNotBlank();
              assertThat(link.get("url")).startsWith((String) chart.get("home"));
            });
    assertThat(changes)
        .isNotEmpty()
        .allSatisfy(
            change -> {
              assertThat(change.get("kind")).isIn(CHANGE_KINDS);
              assertThat(change.get("description")).isNotBlank();
            });
    assertThat(annotations())
        .containsEntry("artifacthub.io/operator", "true")
        .containsKey("artifacthub.io/operatorCapabilities");
    // chart-testing's Chart.yaml schema (ct lint) asks for these.
    assertThat(chart)
        .containsKeys("apiVersion", "name", "version", "appVersion", "description", "kubeVersion");
    assertThat((String) chart.get("version")).matches("\\d+\\.\\d+\\.\\d+");
  }

  @Test
  void everyCiValuesFileLintsStrictlyAndRenders() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(CI_VALUES)) {
      files = list.sorted().toList();
    }
    assertThat(files)
        .as("chart-testing reads ci/*-values.yaml, one per mode")
        .hasSizeGreaterThanOrEqualTo(5)
        .allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith("-values.yaml"));
    for (Path file : files) {
      Helm.Output lint =
          Helm.run("lint", "--strict", Helm.CHART.toString(), "-f", file.toString()).succeeded();
      assertThat(lint.stdout()).as(file.toString()).contains("0 chart(s) failed");
      assertThat(lint.stdout() + lint.stderr()).as(file.toString()).doesNotContain("[WARNING]");
      RenderedChart chart =
          Helm.template(
              "managedapi-operator",
              "ops",
              "-f",
              file.toString(),
              "--api-versions",
              "monitoring.coreos.com/v1");
      assertThat(chart.all(Deployment.class)).as(file.toString()).hasSize(1);
    }
  }

  @Test
  void theSchemaRejectsAWrongTypeForEveryDocumentedValue() throws IOException {
    ChartValues values = ChartValues.read();
    List<String> args = new ArrayList<>(List.of("template", "x", Helm.CHART.toString()));
    for (ChartValues.Value value : values.values()) {
      args.add("--set-json");
      args.add(value.path() + "=" + wrongTypeFor(values.schema(), value.schema()));
    }

    String errors = Helm.run(args.toArray(String[]::new)).failed().stderr();

    List<String> accepted = new ArrayList<>();
    for (ChartValues.Value value : values.values()) {
      String pointer = "'/" + value.path().replace('.', '/') + "'";
      if (!errors.contains(pointer)) {
        accepted.add(value.path());
      }
    }
    assertThat(accepted).as("values whose wrong type the schema let through").isEmpty();
    assertThat(values.values()).hasSizeGreaterThan(40);
  }

  @Test
  void helmPackageLeavesTheTestInputsOut(@TempDir Path dir) throws Exception {
    Helm.run("package", Helm.CHART.toString(), "--destination", dir.toString()).succeeded();
    Path archive = dir.resolve("managedapi-operator-%s.tgz".formatted(chartYaml().get("version")));
    assertThat(archive).exists();

    Process tar = new ProcessBuilder("tar", "-tzf", archive.toString()).start();
    List<String> entries = new String(tar.getInputStream().readAllBytes()).lines().toList();
    assertThat(tar.waitFor()).isZero();
    assertThat(entries)
        .contains(
            "managedapi-operator/Chart.yaml",
            "managedapi-operator/values.schema.json",
            "managedapi-operator/README.md",
            "managedapi-operator/dashboards/managedapi-operator.json",
            "managedapi-operator/crds/managedapis.managedapi.dev-v1.yml")
        .noneMatch(e -> e.startsWith("managedapi-operator/ci/"))
        .noneMatch(e -> e.startsWith("managedapi-operator/tests/"));
  }

  /** A JSON value of the wrong type for {@code schema}: a number for strings, else a string. */
  private static String wrongTypeFor(JsonNode root, JsonNode schema) {
    JsonNode resolved = ChartValues.resolve(root, schema);
    String type = resolved.path("type").asText("");
    return type.equals("string") || type.isEmpty() ? "123" : "\"wrong\"";
  }

  private static Map<String, Object> chartYaml() throws IOException {
    return new Yaml().load(Files.readString(Helm.CHART.resolve("Chart.yaml")));
  }

  private static Map<String, Object> annotations() throws IOException {
    return map(chartYaml().get("annotations"));
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> annotationList(String key) throws IOException {
    Object value = annotations().get(key);
    assertThat(value).as("Chart.yaml annotation %s", key).isInstanceOf(String.class);
    return (List<T>) new Yaml().load((String) value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }
}
