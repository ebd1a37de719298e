package dev.managedapi.operator.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (var in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            binary.getFileName() + " " + String.join(" ", args) + " did not finish");
      }
      return new Result(
          process.exitValue(),
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** What kubectl printed, errors included, and its exit code. */
  public record Result(int exitCode, String output) {}
}
