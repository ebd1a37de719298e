package dev.managedapi.operator.delivery;

import static org.junit.jupiter.api.Assertions.fail;

import dev.managedapi.operator.e2e.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The helm binary scripts/provision-k8s-binaries.sh builds, run on the repository's chart. Unlike
 * {@link LocalCluster#run} it keeps standard output apart from standard error, because tests parse
 * what `helm template` prints.
 */
public final class Helm {

  public static final Path BINARY = LocalCluster.BIN_DIR.resolve("helm");
  public static final Path CHART = LocalCluster.REPO_ROOT.resolve("helm/managedapi-operator");
  static final Duration TIMEOUT = Duration.ofSeconds(120);

  private Helm() {}

  /** Fails, saying how to get helm, when the binary is missing. */
  public static void requireBinary() {
    if (!Files.isExecutable(BINARY)) {
      fail(
          "No helm at %s. Run `make binaries` (scripts/test.sh does it before the tests)."
              .formatted(BINARY));
    }
  }

  /** `helm <args>` against the local cluster's kubeconfig (ignored by template and lint). */
  public static Output run(String... args) {
    requireBinary();
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.addAll(List.of(args));
    return exec(command, LocalCluster.REPO_ROOT);
  }

  /** Runs {@code command} in {@code directory}; also the runner of {@link Promtool}. */
  static Output exec(List<String> command, Path directory) {
    try {
      // Both streams go to files, so a hung helm cannot block a read past the timeout.
      Path stdout = Files.createTempFile("helm", ".stdout");
      Path stderr = Files.createTempFile("helm", ".stderr");
      try {
        ProcessBuilder builder =
            new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("KUBECONFIG", LocalCluster.KUBECONFIG.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly();
          fail(String.join(" ", command) + " did not finish within " + TIMEOUT);
        }
        return new Output(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
      } finally {
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** `helm template` of the chart as release {@code release} in {@code namespace}. */
  public static RenderedChart template(String release, String namespace, String... args) {
    List<String> command =
        new ArrayList<>(List.of("template", release, CHART.toString(), "--namespace", namespace));
    command.addAll(List.of(args));
    Output output = run(command.toArray(String[]::new)).succeeded();
    return RenderedChart.parse(output.stdout());
  }

  /** What helm printed on each stream, and how it ended. */
  public record Output(int exitCode, String stdout, String stderr) {
    public Output succeeded() {
      if (exitCode != 0) {
        fail(
            "helm or promtool failed with exit code %d:\n%s%s".formatted(exitCode, stdout, stderr));
      }
      return this;
    }

    public Output failed() {
      if (exitCode == 0) {
        fail("helm or promtool succeeded but should have failed:\n" + stdout);
      }
      return this;
    }
  }
}
