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

  /**
   * A replica with leader election on, its Lease in "default" (where {@link
   * OperatorUnderTest#replica} replicas look too), named {@code podName}, serving HTTP on a free
   * loopback port.
   */
  static Process startReplica(String kubeconfigYaml, Path log, String podName) throws IOException {
    return start(
        kubeconfigYaml,
        log,
        Map.of(
            "LEADER_ELECTION", "true",
            "OPERATOR_NAMESPACE", "default",
            "POD_NAME", podName,
            "HTTP_HOST", "127.0.0.1",
            "HTTP_PORT", String.valueOf(freePort())));
  }

  private static int freePort() throws IOException {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

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
