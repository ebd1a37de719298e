package dev.managedapi.apiservice.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the reason for a deliberate exit where Kubernetes reads a container's termination message;
 * the operator shows it in its status, so a chaos crash explains itself.
 */
public final class TerminationMessage {
  public static final String DEFAULT_PATH = "/dev/termination-log";

  private TerminationMessage() {}

  /** Best effort: outside a pod the file usually does not exist, and that must not matter. */
  public static void write(String path, String message) {
    System.err.println("api-service: " + message);
    try {
      Files.writeString(Path.of(path), message + "\n", StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      System.err.println("api-service: could not write termination message to " + path);
    }
  }
}
