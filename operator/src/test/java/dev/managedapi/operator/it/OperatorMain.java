package dev.managedapi.operator.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The operator's main class started as a process of its own against a test API server, with the
 * test's classpath: what configuration parsing, the preflight and SIGTERM do is process behaviour.
 */
final class OperatorMain {

  private OperatorMain() {}

  /** Starts the process; its output goes to {@code log}. */
  static Process start(String kubeconfigYaml, Path log, Map<String, String> env)
      throws IOException {
    Path kubeconfig = Files.createTempFile("kubeconfig", ".yaml");
    Files.writeString(kubeconfig, kubeconfigYaml);
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.managedapi.operator.ManagedApiOperator")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().putAll(env);
    return builder.start();
  }
}
