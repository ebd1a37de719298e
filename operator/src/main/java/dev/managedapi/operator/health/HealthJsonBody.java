package dev.managedapi.operator.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code application/health+json} (draft-inadarei-api-health-check): {@code status} pass, warn or
 * fail (and the draft's aliases ok/up, down/error), with {@code checks}: an object whose keys are
 * {@code "component:measurement"} and whose values are arrays of check results, each with a status
 * of its own.
 */
final class HealthJsonBody {

  private HealthJsonBody() {}

  /** Recognised by its words alone when the Content-Type did not say so. */
  static boolean claims(JsonNode root) {
    String word = root.get("status").asText().toLowerCase(Locale.ROOT);
    return word.equals("pass") || word.equals("warn") || word.equals("fail");
  }

  static Optional<HealthReport> read(JsonNode root) {
    String status = root.get("status").asText();
    HealthLevel overall = level(status);
    if (overall == null) {
      return Optional.empty();
    }
    List<HealthReport.Component> notUp = new ArrayList<>();
    JsonNode checks = root.get("checks");
    if (checks != null && checks.isObject()) {
      for (Map.Entry<String, JsonNode> check : checks.properties()) {
        HealthLevel worst = HealthLevel.UP;
        String word = null;
        JsonNode results = check.getValue();
        for (JsonNode result : results.isArray() ? results : List.of(results)) {
          HealthLevel level =
              result.path("status").isTextual() ? level(result.get("status").asText()) : null;
          if (level != null && level.ordinal() > worst.ordinal()) {
            worst = level;
            word = result.get("status").asText();
          }
        }
        if (worst != HealthLevel.UP) {
          notUp.add(new HealthReport.Component(check.getKey(), word, worst));
        }
      }
    }
    return Optional.of(new HealthReport(HealthReport.Format.HEALTH_JSON, status, overall, notUp));
  }

  /** The draft's words; null for a word it does not define. */
  private static HealthLevel level(String word) {
    return switch (word.toLowerCase(Locale.ROOT)) {
      case "pass", "ok", "up" -> HealthLevel.UP;
      case "warn" -> HealthLevel.DEGRADED;
      case "fail", "error", "down" -> HealthLevel.DOWN;
      default -> null;
    };
  }
}
