package dev.managedapi.operator.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The whole local cluster (scripts/local-cluster.sh): etcd, kube-apiserver, controller-manager,
 * scheduler and a real node ({@link RealNode}). E2E tests skip, saying so, when it is not running,
 * unless the run requires it (scripts/test.sh does), in which case they fail.
 */
public final class LocalCluster {

  /** The local cluster's kubeconfig (scripts/local-cluster.sh writes it). */
  public static final Path KUBECONFIG =
      Path.of(
          System.getProperty(
              "managedapi.e2e.kubeconfig",
              System.getProperty("user.home") + "/.cache/managedapi/cluster/kubeconfig"));

  public static final Path BIN_DIR =
      Path.of(
          System.getProperty(
              "managedapi.binDir",
              System.getProperty("user.home") + "/.cache/managedapi/bin/k8s-1.37.2"));
  public static final Path REPO_ROOT =
      Path.of(System.getProperty("managedapi.repoRoot", "..")).toAbsolutePath().normalize();
  private static final boolean ON_KIND =
      "kind".equals(System.getProperty("managedapi.e2e.cluster"));

  private LocalCluster() {}

  /** A client on the cluster as its admin, or a skipped test when there is no cluster. */
  public static KubernetesClient connect() {
    try {
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig()));
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cluster's kubeconfig: kind's under -Pkind, else the local cluster's. */
  public static Path kubeconfig() {
    if (ON_KIND) {
      return KindCluster.kubeconfig();
    }
    if (!Files.exists(KUBECONFIG)) {
      String message =
          ("The local cluster is not running (no kubeconfig at %s). Start it with"
                  + " `make cluster-up`, or run `make test`, which starts it.")
              .formatted(KUBECONFIG);
      if (Boolean.getBoolean("managedapi.e2e.required")) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return KUBECONFIG;
  }

  /** A fresh namespace that enforces Pod Security "restricted", as a careful team would have. */
  public static String restrictedNamespace(KubernetesClient client, String prefix) {
    String name = prefix + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .addToLabels("pod-security.kubernetes.io/enforce-version", "latest")
                .endMetadata()
                .build())
        .create();
    return name;
  }

  /** Runs the real kubectl against the local cluster and returns what it printed. */
  public static Result kubectl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(BIN_DIR.resolve("kubectl").toString());
    command.addAll(List.of(args));
    return run(command, Duration.ofSeconds(60));
  }

  /** {@code kubectl patch managedapi NAME --type=merge -p PATCH}, as a user edits a spec. */
  public static Result patchManagedApi(String namespace, String name, String mergePatch) {
    return kubectl("patch", "managedapi", name, "-n", namespace, "--type=merge", "-p", mergePatch);
  }

  /** Runs kubectl with {@code input} on its standard input, as `kubectl apply -f -` reads it. */
  public static Result kubectlWithInput(String input, String... args) {
    List<String> command = new ArrayList<>();
    command.add(BIN_DIR.resolve("kubectl").toString());
    command.addAll(List.of(args));
    return run(command, Duration.ofSeconds(60), input);
  }

  public static Result run(List<String> command, Duration timeout) {
    return run(command, timeout, "");
  }

  /**
   * Runs a command in the repository that needs no cluster (rendering the chart, say), so it runs,
   * and its test with it, where the local cluster is not up.
   */
  public static Result runWithoutCluster(List<String> command, Duration timeout) {
    return run(command, timeout, "", false);
  }

  private static Result run(List<String> command, Duration timeout, String input) {
    return run(command, timeout, input, true);
  }

  private static Result run(
      List<String> command, Duration timeout, String input, boolean onTheCluster) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      if (onTheCluster) {
        builder.environment().put("KUBECONFIG", kubeconfig().toString());
      } else {
        builder.environment().remove("KUBECONFIG");
      }
      builder.directory(REPO_ROOT.toFile());
      Process process = builder.start();
      try (var stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish within " + timeout);
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What a command printed, and how it ended. */
  public record Result(int exitCode, String output) {
    public Result succeeded() {
      if (exitCode != 0) {
        fail("Command failed with exit code " + exitCode + ":\n" + output);
      }
      return this;
    }
  }
}
