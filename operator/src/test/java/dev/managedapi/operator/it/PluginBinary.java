package dev.managedapi.operator.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The kubectl plugin, kubectl-managedapi, built from this checkout by scripts/build-plugin.sh as
 * part of the test run, so what the tests run is what the source says.
 */
final class PluginBinary {

  /**
   * Set by scripts/test.sh: a machine that cannot build the plugin fails the tests instead of
   * skipping them.
   */
  static final boolean REQUIRED = Boolean.getBoolean("managedapi.plugin.required");

  private static final Path SCRIPT = Crds.REPO_ROOT.resolve("scripts/build-plugin.sh");

  private PluginBinary() {}

  static Path build() {
    if (!goOnPath()) {
      String why =
          "kubectl-managedapi cannot be built: no Go toolchain (go) on the PATH, which"
              + " scripts/build-plugin.sh needs";
      if (REQUIRED) {
        throw new IllegalStateException(why);
      }
      Assumptions.abort(why);
    }
    try {
      Process process = new ProcessBuilder(SCRIPT.toString()).redirectErrorStream(true).start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("scripts/build-plugin.sh did not finish in 10 minutes");
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException("scripts/build-plugin.sh failed:\n" + output);
      }
      Path binary = Path.of(output.strip().lines().reduce((a, b) -> b).orElseThrow());
      if (!Files.isExecutable(binary)) {
        throw new IllegalStateException("scripts/build-plugin.sh printed no binary:\n" + output);
      }
      return binary;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run scripts/build-plugin.sh", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static boolean goOnPath() {
    return onPath("go");
  }

  static boolean onPath(String command) {
    return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
  }
}
