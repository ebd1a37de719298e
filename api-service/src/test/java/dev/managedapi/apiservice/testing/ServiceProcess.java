package dev.managedapi.apiservice.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar running as its own JVM, as a container would run it: for what only a real
 * process shows (signals, exit codes, stdout, startup failures).
 */
public final class ServiceProcess implements AutoCloseable {
  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final int port;

  private ServiceProcess(Process process, Path stdout, Path stderr, int port) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.port = port;
  }

  /** Starts {@code java [jvmArgs] -jar api-service.jar} with the given environment additions. */
  public static ServiceProcess start(Map<String, String> environment, String... jvmArgs) {
    try {
      Path logs = Files.createTempDirectory("api-service-process-");
      int port = freePort();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of(jvmArgs));
      command.add("-jar");
      command.add(jar().toString());
      ProcessBuilder builder = new ProcessBuilder(command);
      Map<String, String> env = builder.environment();
      env.put("API_PORT", String.valueOf(port));
      env.put("API_HOST", "127.0.0.1");
      env.put("EXPORTS_DIR", logs.resolve("exports").toString());
      env.put("TERMINATION_MESSAGE_PATH", logs.resolve("termination-log").toString());
      env.putAll(environment);
      builder.redirectOutput(logs.resolve("stdout").toFile());
      builder.redirectError(logs.resolve("stderr").toFile());
      return new ServiceProcess(
          builder.start(), logs.resolve("stdout"), logs.resolve("stderr"), port);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the service jar", e);
    }
  }

  public static ServiceProcess start(String... environmentPairs) {
    Map<String, String> environment = new HashMap<>();
    for (int i = 0; i + 1 < environmentPairs.length; i += 2) {
      environment.put(environmentPairs[i], environmentPairs[i + 1]);
    }
    return start(environment);
  }

  private static Path jar() {
    String jar = System.getProperty("api.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "System property api.jar must name the packaged jar (failsafe sets it); got " + jar);
    }
    return Path.of(jar);
  }

  public Http http() {
    return new Http(URI.create("http://127.0.0.1:" + port + "/"));
  }

  /** Waits until readiness answers 200 and returns how long that took from now. */
  public Duration awaitReady(Duration atMost) {
    long started = System.nanoTime();
    Http http = http();
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .failFast("the process exited", () -> !process.isAlive())
        .until(() -> http.get("/health/readiness").statusCode() == 200);
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** Sends SIGTERM, as the kubelet does. */
  public void terminate() {
    process.destroy();
  }

  public int awaitExit(Duration atMost) {
    try {
      if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("The service did not exit within " + atMost);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public List<String> stdoutLines() {
    return readLines(stdout);
  }

  public List<String> stderrLines() {
    return readLines(stderr);
  }

  public Path terminationMessage() {
    return stdout.resolveSibling("termination-log");
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills the process if a test left it running: only the one this object started. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
