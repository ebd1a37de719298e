package dev.managedapi.operator.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * The kubectl plugin, kubectl-managedapi, built from this checkout by scripts/build-plugin.sh as
 * part of the test run, so what the tests run is what the source says.
 */
public final class PluginBinary {

  /**
   * Set by scripts/test.sh: a machine that cannot build the plugin fails the tests instead of
   * skipping them.
   */
  static final boolean REQUIRED = Boolean.getBoolean("managedapi.plugin.required");

  private static final Path SCRIPT = Crds.REPO_ROOT.resolve("scripts/build-plugin.sh");

  private PluginBinary() {}

  public static Path build() {
    if (!goOnPath()) {
      String why =
          "kubectl-managedapi cannot be built: no Go toolchain (go) on the PATH, which"
              + " scripts/build-plugin.sh needs";
      if (REQUIRED) {
        throw new IllegalStateException(why);
      }
      Assumptions.abort(why);
    }
    var result = Processes.run(new ProcessBuilder(SCRIPT.toString()), Duration.ofMinutes(10));
    if (result.exitCode() != 0) {
      throw new IllegalStateException("scripts/build-plugin.sh failed:\n" + result.output());
    }
    Path binary = Path.of(result.output().strip().lines().reduce((x, y) -> y).orElseThrow());
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "scripts/build-plugin.sh printed no binary:\n" + result.output());
    }
    return binary;
  }

  static boolean goOnPath() {
    return onPath("go");
  }

  static boolean onPath(String command) {
    return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
  }
}
