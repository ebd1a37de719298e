package dev.managedapi.operator.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * Our Go binaries, built from this checkout by their scripts as part of the test run, so what the
 * tests run is what the source says: the kubectl plugin, kubectl-managedapi
 * (scripts/build-plugin.sh), and managedapi-health (scripts/build-health-checks.sh).
 */
public final class PluginBinary {

  /**
   * Set by scripts/test.sh: a machine that cannot build these binaries fails the tests instead of
   * skipping them.
   */
  static final boolean REQUIRED = Boolean.getBoolean("managedapi.plugin.required");

  private PluginBinary() {}

  /** kubectl-managedapi. */
  public static Path build() {
    return build("kubectl-managedapi", "scripts/build-plugin.sh");
  }

  /** managedapi-health: kstatus' and our Argo CD health check's verdict on ManagedApis. */
  public static Path healthChecks() {
    return build("managedapi-health", "scripts/build-health-checks.sh");
  }

  /** Runs {@code script}, which prints the binary's path on its last line. */
  private static Path build(String name, String script) {
    if (!goOnPath()) {
      String why =
          name + " cannot be built: no Go toolchain (go) on the PATH, which " + script + " needs";
      if (REQUIRED) {
        throw new IllegalStateException(why);
      }
      Assumptions.abort(why);
    }
    var result =
        Processes.run(
            new ProcessBuilder(Crds.REPO_ROOT.resolve(script).toString()), Duration.ofMinutes(10));
    if (result.exitCode() != 0) {
      throw new IllegalStateException(script + " failed:\n" + result.output());
    }
    Path binary = Path.of(result.output().strip().lines().reduce((x, y) -> y).orElseThrow());
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(script + " printed no binary:\n" + result.output());
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
