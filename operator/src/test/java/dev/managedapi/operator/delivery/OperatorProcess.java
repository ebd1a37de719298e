package dev.managedapi.operator.delivery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import dev.managedapi.operator.e2e.LocalCluster;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's jar started the way the chart's pods start it: the Deployment's environment, the
 * chart's ServiceAccount token, the real main() with its configuration parsing and RBAC preflight.
 * On the local cluster kwok simulates those pods, so this process plays their part.
 *
 * <p>A process rather than the operator in the test's JVM: it runs the very jar users run, with the
 * very environment the chart sets.
 */
public final class OperatorProcess implements AutoCloseable {

  public static final Path JAR =
      LocalCluster.REPO_ROOT.resolve("operator/target/managedapi-operator.jar");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** A pod gets 30 s after SIGTERM; a test does not need to wait that long to see it end. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(OperatorProcess.class);

  private final Process process;
  private final int port;
  private final Path logFile;
  private final Map<String, String> environment;

  private OperatorProcess(
      Process process, int port, Path logFile, Map<String, String> environment) {
    this.process = process;
    this.port = port;
    this.logFile = logFile;
    this.environment = environment;
  }

  /** Starts the jar as {@code deployment}'s pods would run, and waits until it is ready. */
  public static OperatorProcess startAsDeployed(
      KubernetesClient admin, Deployment deployment, Path workDir) {
    if (!Files.isRegularFile(JAR)) {
      fail("No operator jar at %s: run ./mvnw -pl operator package".formatted(JAR));
    }
    try {
      Path kubeconfig = workDir.resolve("operator.kubeconfig");
      Files.writeString(kubeconfig, serviceAccountKubeconfig(admin, deployment));
      Map<String, String> env = environmentOf(deployment);
      int port = freeLoopbackPort();
      // What the kubelet fills in from the downward API, and a loopback-only HTTP server.
      env.put("OPERATOR_NAMESPACE", deployment.getMetadata().getNamespace());
      env.put("POD_NAME", "local-" + deployment.getMetadata().getName());
      env.put("HTTP_HOST", "127.0.0.1");
      env.put("HTTP_PORT", Integer.toString(port));
      env.put("KUBECONFIG", kubeconfig.toString());
      Path logFile = workDir.resolve("operator.log");
      ProcessBuilder builder =
          new ProcessBuilder(javaCommand(), "-jar", JAR.toString())
              .redirectErrorStream(true)
              .redirectOutput(logFile.toFile());
      builder.environment().putAll(env);
      OperatorProcess operator = new OperatorProcess(builder.start(), port, logFile, env);
      operator.awaitReady();
      return operator;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The environment variables the process was started with. */
  public Map<String, String> environment() {
    return Map.copyOf(environment);
  }

  /** A per-ManagedApi gauge from the operator's /metrics; empty until it reconciled that API. */
  public OptionalDouble gauge(String name, String namespace, String api) {
    Matcher m =
        Pattern.compile(
                "(?m)^%s\\{[^}]*name=\"%s\",namespace=\"%s\"[^}]*} (\\S+)$"
                    .formatted(name, Pattern.quote(api), Pattern.quote(namespace)))
            .matcher(get("/metrics"));
    return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
  }

  /** JOSDK's count of reconciliations that ended in an exception, all resources together. */
  public double failedReconciliations() {
    Matcher m =
        Pattern.compile("(?m)^operator_sdk_reconciliations_failed_total\\{[^}]*} (\\S+)$")
            .matcher(get("/metrics"));
    double failed = 0;
    while (m.find()) {
      failed += Double.parseDouble(m.group(1));
    }
    return failed;
  }

  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM, as the kubelet sends it, and SIGKILL if it does not stop in time. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        log.warn(
            "The operator (PID {}) ignored SIGTERM for {}; killing it",
            process.pid(),
            STOP_TIMEOUT);
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void awaitReady() {
    await("the operator's /readyz")
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              if (!process.isAlive()) {
                fail(
                    "The operator exited with code %d:\n%s"
                        .formatted(process.exitValue(), logTail()));
              }
              return status("/readyz") == 200;
            });
  }

  private int status(String path) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String get(String path) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request(path), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  /** Literal values of the operator container's env; downward-API ones are filled in above. */
  private static Map<String, String> environmentOf(Deployment deployment) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar var :
        deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      }
    }
    return env;
  }

  /**
   * A kubeconfig for the Deployment's ServiceAccount: a fresh token, the cluster's address and CA.
   */
  private static String serviceAccountKubeconfig(KubernetesClient admin, Deployment deployment) {
    String serviceAccount = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
    String token =
        admin
            .serviceAccounts()
            .inNamespace(deployment.getMetadata().getNamespace())
            .withName(serviceAccount)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    var config =
        new io.fabric8.kubernetes.api.model.ConfigBuilder()
            .withApiVersion("v1")
            .withKind("Config")
            .addToClusters(
                new NamedClusterBuilder()
                    .withName("local")
                    .withNewCluster()
                    .withServer(admin.getConfiguration().getMasterUrl())
                    .withCertificateAuthorityData(admin.getConfiguration().getCaCertData())
                    .endCluster()
                    .build())
            .addToUsers(
                new NamedAuthInfoBuilder()
                    .withName(serviceAccount)
                    .withNewUser()
                    .withToken(token)
                    .endUser()
                    .build())
            .addToContexts(
                new NamedContextBuilder()
                    .withName(serviceAccount)
                    .withNewContext()
                    .withCluster("local")
                    .withUser(serviceAccount)
                    .endContext()
                    .build())
            .withCurrentContext(serviceAccount)
            .build();
    return new KubernetesSerialization().asYaml(config);
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String javaCommand() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
