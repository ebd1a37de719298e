package dev.managedapi.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the operator's internals in what it writes for users to read: a Java exception's class
 * name, the JVM's text for a NullPointerException, or a stack frame, in a ManagedApi's status
 * conditions or in an Event's message. Those are read in kubectl and a GitOps UI; the operator's
 * own failures must reach them as a sentence, with the details in its log.
 *
 * <p>Only the operator's own words are scanned: what a failed container said (its termination
 * message and last log lines, in {@code status.lastFailure}) is the user's application speaking,
 * and may well name its exceptions.
 */
final class LeakedInternals {

  private static final Pattern INTERNALS =
      Pattern.compile(
          String.join(
              "|",
              // A qualified exception or error class, such as java.lang.NullPointerException.
              "\\b[a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*(?:Exception|Error)\\b",
              // The JVM's helpful NullPointerException texts.
              "Cannot (?:invoke|read field|load from|store to) \"",
              "because \"[^\"]+\" is null",
              // A stack frame.
              "\\bat [\\w$.]+\\.[\\w$<>]+\\([\\w$]+\\.java:\\d+\\)"));

  private LeakedInternals() {}

  /**
   * The leaks in one request the operator sent: a write of a ManagedApi's status or of an Event,
   * each found text with where it was; empty for anything else.
   */
  static List<String> in(String method, String path, String body) {
    if (body == null || body.isBlank() || "GET".equals(method) || "DELETE".equals(method)) {
      return List.of();
    }
    List<String> leaks = new ArrayList<>();
    JsonNode sent = parse(body);
    if (sent.isTextual()) {
      check(leaks, path + " (not JSON)", body);
    } else if (path.contains("/managedapis/") && path.endsWith("/status")) {
      JsonNode conditions = sent.path("status").path("conditions");
      for (JsonNode condition : conditions) {
        check(
            leaks,
            path + " condition " + condition.path("type").asText(),
            condition.path("message").asText());
      }
    } else if (path.contains("/events")) {
      JsonNode event = sent;
      check(
          leaks, path + " event " + event.path("reason").asText(), event.path("message").asText());
      check(leaks, path + " event " + event.path("reason").asText(), event.path("note").asText());
    }
    return leaks;
  }

  /** Whether {@code text} holds any of the internals this looks for. */
  static boolean leaks(String text) {
    return INTERNALS.matcher(text).find();
  }

  private static void check(List<String> leaks, String where, String message) {
    if (leaks(message)) {
      leaks.add(where + ": " + message);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return Serialization.jsonMapper().readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // Not thrown: this runs inside the operator's HTTP client, and must not fail its request.
      // A text node makes the caller's paths miss, so the raw body is scanned instead.
      return Serialization.jsonMapper().getNodeFactory().textNode(body);
    }
  }
}
