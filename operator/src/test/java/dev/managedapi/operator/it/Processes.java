package dev.managedapi.operator.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs a command line tool to its end and keeps what it printed. */
public final class Processes {

  private Processes() {}

  /** Starts {@code builder} with stderr merged into stdout and waits at most {@code timeout}. */
  public static Kubectl.Result run(ProcessBuilder builder, Duration timeout) {
    return run(builder, timeout, "");
  }

  /** {@link #run(ProcessBuilder, Duration)} with {@code stdin} on the command's standard input. */
  public static Kubectl.Result run(ProcessBuilder builder, Duration timeout, String stdin) {
    try {
      Process process = builder.redirectErrorStream(true).start();
      try (var in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", builder.command()) + " did not finish within " + timeout);
      }
      return new Kubectl.Result(
          process.exitValue(),
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
