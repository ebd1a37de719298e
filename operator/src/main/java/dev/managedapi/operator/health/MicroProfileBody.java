package dev.managedapi.operator.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * MicroProfile Health 2.x/3.x/4.x: {@code status} UP or DOWN and {@code checks}, an array of {@code
 * {name, status, data}}.
 */
final class MicroProfileBody {

  private MicroProfileBody() {}

  static boolean claims(JsonNode root) {
    return root.path("checks").isArray() && isUpOrDown(root.get("status").asText());
  }

  static Optional<HealthReport> read(JsonNode root) {
    String status = root.get("status").asText();
    List<HealthReport.Component> notUp = new ArrayList<>();
    int unnamed = 0;
    for (JsonNode check : root.get("checks")) {
      if (!check.isObject() || !check.path("status").isTextual()) {
        continue;
      }
      String word = check.get("status").asText();
      HealthLevel level = level(word);
      if (level != HealthLevel.UP) {
        String name =
            check.path("name").isTextual() ? check.get("name").asText() : "check-" + ++unnamed;
        notUp.add(new HealthReport.Component(name, word, level));
      }
    }
    return Optional.of(
        new HealthReport(HealthReport.Format.MICROPROFILE, status, level(status), notUp));
  }

  private static boolean isUpOrDown(String word) {
    String upper = word.toUpperCase(Locale.ROOT);
    return upper.equals("UP") || upper.equals("DOWN");
  }

  private static HealthLevel level(String word) {
    return switch (word.toUpperCase(Locale.ROOT)) {
      case "UP" -> HealthLevel.UP;
      case "DOWN" -> HealthLevel.DOWN;
      default -> HealthLevel.UNKNOWN;
    };
  }
}
