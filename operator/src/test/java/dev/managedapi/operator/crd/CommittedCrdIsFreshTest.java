package dev.managedapi.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails the build when someone changed the Java model but not the committed CRD, or the reverse.
 */
class CommittedCrdIsFreshTest {

  private static final Path REPO_ROOT =
      Path.of(System.getProperty("managedapi.repoRoot", "..")).toAbsolutePath().normalize();

  @Test
  void theCrdReferenceDescribesTheCommittedCrd() throws IOException {
    Path crd = REPO_ROOT.resolve("crds").resolve(CrdGeneration.FILE_NAME);
    assertThat(Files.readString(REPO_ROOT.resolve(CrdReference.DOC)))
        .as("%s is stale: run `make generate` and commit the result", CrdReference.DOC)
        .isEqualTo(CrdReference.render(crd));
  }

  @Test
  void committedCrdsMatchTheJavaModel(@TempDir Path tempDir) throws IOException {
    String generated = Files.readString(CrdGeneration.generate(tempDir));

    for (String location : CrdGeneration.COMMITTED_LOCATIONS) {
      Path committed = REPO_ROOT.resolve(location).resolve(CrdGeneration.FILE_NAME);
      assertThat(committed).as("%s is missing: run `make generate`", committed).exists();
      assertThat(Files.readString(committed))
          .as("%s is stale: run `make generate` and commit the result", committed)
          .isEqualTo(generated);
    }
  }
}
