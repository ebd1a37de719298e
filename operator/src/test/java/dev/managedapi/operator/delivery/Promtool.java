package dev.managedapi.operator.delivery;

import static org.junit.jupiter.api.Assertions.fail;

import dev.managedapi.operator.e2e.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Prometheus' promtool, built by scripts/provision-k8s-binaries.sh from the Prometheus module:
 * {@code check rules} parses rules as Prometheus loads them, {@code test rules} runs rule unit
 * tests on input series.
 */
public final class Promtool {

  public static final Path BINARY = LocalCluster.BIN_DIR.resolve("promtool");

  private Promtool() {}

  /** `promtool <args>` in {@code directory}, where rule tests find their rule files. */
  public static Helm.Output run(Path directory, String... args) {
    if (!Files.isExecutable(BINARY)) {
      fail(
          "No promtool at %s. Run `make binaries` (scripts/test.sh does it before the tests)."
              .formatted(BINARY));
    }
    List<String> command = new ArrayList<>();
    command.add(BINARY.toString());
    command.addAll(List.of(args));
    return Helm.exec(command, directory);
  }
}
