package dev.managedapi.operator.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Micronaut's and Spring Boot Actuator's health body: {@code status} (UP, DOWN, OUT_OF_SERVICE,
 * UNKNOWN, and Micronaut's DEGRADED) with the components under {@code components} (Spring Boot 2.2
 * and later) or {@code details} (Micronaut, older Spring Boot). A component is an object with a
 * {@code status} word of its own; it may hold components in turn.
 */
final class ActuatorBody {

  static final Set<String> WORDS = Set.of("UP", "DOWN", "DEGRADED", "OUT_OF_SERVICE", "UNKNOWN");

  private ActuatorBody() {}

  static Optional<HealthReport> read(JsonNode root) {
    String status = root.get("status").asText();
    boolean known = WORDS.contains(status.toUpperCase(java.util.Locale.ROOT));
    boolean hasComponents = children(root).isPresent();
    // A status word of its own invention with no components is someone else's format.
    if (!known && !hasComponents) {
      return Optional.empty();
    }
    List<HealthReport.Component> notUp = new ArrayList<>();
    collect(root, "", 0, notUp);
    return Optional.of(
        new HealthReport(
            HealthReport.Format.ACTUATOR, status, HealthLevel.ofActuator(status), notUp));
  }

  /**
   * Adds the components under {@code node} that are not UP: a nested component that is not UP
   * stands for its parent, which only says the worst of its children.
   */
  private static boolean collect(
      JsonNode node, String prefix, int depth, List<HealthReport.Component> into) {
    Optional<JsonNode> children = children(node);
    if (children.isEmpty() || depth >= HealthBodies.MAX_DEPTH) {
      return false;
    }
    boolean found = false;
    for (Map.Entry<String, JsonNode> child : children.get().properties()) {
      JsonNode component = child.getValue();
      if (!isComponent(component)) {
        continue;
      }
      String name = prefix.isEmpty() ? child.getKey() : prefix + "/" + child.getKey();
      String word = component.get("status").asText();
      HealthLevel level = HealthLevel.ofActuator(word);
      if (level == HealthLevel.UP) {
        continue;
      }
      found = true;
      if (!collect(component, name, depth + 1, into)) {
        into.add(new HealthReport.Component(name, word, level));
      }
    }
    return found;
  }

  private static Optional<JsonNode> children(JsonNode node) {
    for (String field : new String[] {"components", "details"}) {
      JsonNode children = node.get(field);
      if (children != null && children.isObject() && hasComponent(children)) {
        return Optional.of(children);
      }
    }
    return Optional.empty();
  }

  private static boolean hasComponent(JsonNode children) {
    for (Map.Entry<String, JsonNode> child : children.properties()) {
      if (isComponent(child.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isComponent(JsonNode node) {
    return node.isObject() && node.path("status").isTextual();
  }
}
