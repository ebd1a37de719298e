package dev.managedapi.operator.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.e2e.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests in k8s/ are what scripts/render-manifests.sh makes of the chart today, so a chart
 * change cannot leave `kubectl apply -f k8s/` users behind.
 */
class PlainManifestsIT {

  static final Path K8S = LocalCluster.REPO_ROOT.resolve("k8s");

  @BeforeAll
  static void helmIsThere() {
    Helm.requireBinary();
  }

  @Test
  void committedManifestsAreFreshlyRenderedFromTheChart(@TempDir Path rendered) throws IOException {
    LocalCluster.Result result =
        LocalCluster.runWithoutCluster(
            List.of(
                "env",
                "HELM=" + Helm.BINARY,
                "bash",
                "scripts/render-manifests.sh",
                "--out",
                rendered.toString()),
            Duration.ofSeconds(60));
    result.succeeded();

    List<String> fresh = yamlFiles(rendered);
    assertThat(yamlFiles(K8S)).as("manifest files in k8s/").isEqualTo(fresh);
    for (String file : fresh) {
      assertThat(Files.readString(K8S.resolve(file)))
          .as("k8s/%s is stale: run scripts/render-manifests.sh and commit k8s/", file)
          .isEqualTo(Files.readString(rendered.resolve(file)));
    }
  }

  private static List<String> yamlFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }
}
