package dev.managedapi.operator.health;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a health body in any of the formats the operator understands. A body it does not understand
 * (not JSON, JSON of another shape, larger than {@link #MAX_BYTES}) is no report at all, never an
 * error: most APIs' health bodies are nobody's business but their own.
 */
public final class HealthBodies {

  /** The most of a body the operator reads; the rest is not read (a larger body is no report). */
  public static final int MAX_BYTES = 64 * 1024;

  /** Components nest a few levels in practice; a deeper body is cut off, not followed. */
  static final int MAX_DEPTH = 8;

  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
              .build());

  private HealthBodies() {}

  /**
   * @param contentType the response's Content-Type, or null
   * @param body the body's bytes; more than {@link #MAX_BYTES} is no report
   */
  public static Optional<HealthReport> parse(String contentType, byte[] body) {
    if (body == null || body.length == 0 || body.length > MAX_BYTES) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (root == null || !root.isObject() || !root.path("status").isTextual()) {
      return Optional.empty();
    }
    boolean healthJson =
        contentType != null
            && contentType.toLowerCase(Locale.ROOT).startsWith("application/health+json");
    if (healthJson || HealthJsonBody.claims(root)) {
      return HealthJsonBody.read(root);
    }
    if (MicroProfileBody.claims(root)) {
      return MicroProfileBody.read(root);
    }
    return ActuatorBody.read(root);
  }
}
