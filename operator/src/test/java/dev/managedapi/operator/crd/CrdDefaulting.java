package dev.managedapi.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Applies the defaults of a CRD's OpenAPI schema to an object the way the API server's structural
 * defaulting does: a missing property with a default gets it, then every present property (the
 * defaulted ones included) is defaulted by its own schema, list items and map values alike. Lets a
 * sample ManagedApi be seen as the operator receives it without an API server.
 */
public final class CrdDefaulting {

  private CrdDefaulting() {}

  /** Defaults {@code value} in place by {@code schema}; returns it. */
  public static JsonNode apply(JsonNode schema, JsonNode value) {
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      for (Map.Entry<String, JsonNode> property : properties.properties()) {
        JsonNode fallback = property.getValue().get("default");
        if (!object.has(property.getKey()) && fallback != null) {
          object.set(property.getKey(), fallback.deepCopy());
        }
        if (object.has(property.getKey())) {
          apply(property.getValue(), object.get(property.getKey()));
        }
      }
      JsonNode additional = schema.path("additionalProperties");
      if (additional.isObject()) {
        object.properties().forEach(entry -> apply(additional, entry.getValue()));
      }
    } else if (value instanceof ArrayNode array) {
      array.forEach(item -> apply(schema.path("items"), item));
    }
    return value;
  }
}
