package dev.managedapi.operator.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real kubectl (or another kubectl-style binary, such as the kubectl-managedapi plugin),
 * pointed at a test API server, for assertions on what users read.
 */
public final class Kubectl {

  static final Path BINARY =
      Path.of(
          System.getProperty(
              "managedapi.binDir",
              System.getProperty("user.home") + "/.cache/managedapi/bin/k8s-1.37.2"),
          "kubectl");

  private final Path binary;
  private final Path kubeconfig;

  public Kubectl(String kubeconfigYaml) {
    this(BINARY, kubeconfigYaml);
  }

  public Kubectl(Path binary, String kubeconfigYaml) {
    this.binary = binary;
    try {
      kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
      kubeconfig.toFile().deleteOnExit();
      Files.writeString(kubeconfig, kubeconfigYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** `kubectl apply -f -` with {@code manifest} on standard input. */
  public Result apply(String manifest) {
    return run(manifest, "apply", "-f", "-");
  }

  public Result run(String stdin, String... args) {
    List<String> command =
        new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    return Processes.run(new ProcessBuilder(command), Duration.ofSeconds(60), stdin);
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** What kubectl printed, errors included, and its exit code. */
  public record Result(int exitCode, String output) {}
}
