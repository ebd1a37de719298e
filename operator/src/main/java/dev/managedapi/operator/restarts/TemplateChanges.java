package dev.managedapi.operator.restarts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.managedapi.operator.api.v1alpha1.HealthyRevision;
import dev.managedapi.operator.dependent.Labels;
import dev.managedapi.operator.dependent.TemplateHash;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed between the pod template that last ran healthily and the one that fails, in the
 * words a person reads in {@code kubectl describe}: "image 1.4.2 → 1.5.0", "env FEATURE_X added",
 * "memory limit 512Mi → 256Mi". The first question about a crash loop after a release is what the
 * release changed, and the operator holds both templates.
 *
 * <p>Values of environment variables and of command and args are shown unless {@code showValues} is
 * off, because they may hold credentials someone put in plain text; a value that comes from a
 * Secret is never known here, so it is never shown, only where it comes from.
 */
public final class TemplateChanges {

  /** Enough for a release's changes; a longer list would bury the cause it sits beside. */
  static final int MAX_CHANGES = 12;

  static final int MAX_CHANGE_CHARS = 200;

  private static final JsonMapper JSON = new JsonMapper();

  /** Container fields with their own wording; every other field is reported by its name. */
  private static final Set<String> WORDED_CONTAINER_FIELDS =
      Set.of("name", "image", "env", "envFrom", "resources", "command", "args");

  private static final Map<String, String> PROBES =
      Map.of(
          "livenessProbe", "liveness probe",
          "readinessProbe", "readiness probe",
          "startupProbe", "startup probe");

  private final boolean showValues;
  private final List<String> changes = new ArrayList<>();

  private TemplateChanges(boolean showValues) {
    this.showValues = showValues;
  }

  /**
   * The differences from {@code healthy} to {@code failing}, in template order (metadata, init
   * containers, the API's container, the rest of the pod), at most {@value #MAX_CHANGES} and a
   * count of the rest. Empty when either is missing or they are equal.
   */
  public static List<String> between(
      PodTemplateSpec healthy, PodTemplateSpec failing, boolean showValues) {
    if (healthy == null || failing == null) {
      return List.of();
    }
    TemplateChanges diff = new TemplateChanges(showValues);
    diff.compareTemplates(JSON.valueToTree(healthy), JSON.valueToTree(failing));
    return diff.capped();
  }

  /**
   * The changes from the last healthy revision to {@code failing}; empty without a healthy
   * revision, or when {@code failing} is that revision (a crash of the revision that was healthy
   * has no change to blame).
   */
  public static List<String> sinceHealthy(
      HealthyRevision healthy, PodTemplateSpec failing, boolean showValues) {
    if (healthy == null
        || Objects.equals(healthy.templateHash(), TemplateHash.read(failing).orElse(null))) {
      return List.of();
    }
    return between(healthy.template(), failing, showValues);
  }

  /**
   * The changes a pod of revision {@code podTemplateHash} runs with: the spec template's when the
   * pod runs it, none when it runs the healthy revision (a rollback's pods) or an older one the
   * operator no longer holds.
   */
  public static List<String> ofRevision(
      String podTemplateHash,
      HealthyRevision healthy,
      PodTemplateSpec specTemplate,
      boolean showValues) {
    return Objects.equals(podTemplateHash, TemplateHash.read(specTemplate).orElse(null))
        ? sinceHealthy(healthy, specTemplate, showValues)
        : List.of();
  }

  private void compareTemplates(JsonNode before, JsonNode after) {
    compareStringMaps(
        "pod label",
        withoutOperatorKeys(before.path("metadata").path("labels")),
        withoutOperatorKeys(after.path("metadata").path("labels")));
    compareStringMaps(
        "pod annotation",
        withoutOperatorKeys(before.path("metadata").path("annotations")),
        withoutOperatorKeys(after.path("metadata").path("annotations")));
    JsonNode beforeSpec = before.path("spec");
    JsonNode afterSpec = after.path("spec");
    compareContainerLists(
        "init container ", beforeSpec.path("initContainers"), afterSpec.path("initContainers"));
    compareContainerLists("", beforeSpec.path("containers"), afterSpec.path("containers"));
    for (String field : fieldNames(beforeSpec, afterSpec)) {
      if (!field.equals("containers") && !field.equals("initContainers")) {
        compareField("pod " + field, beforeSpec.path(field), afterSpec.path(field), true);
      }
    }
  }

  /**
   * The API's own container is reported without a prefix (it is what people mean by "the API"); a
   * sidecar or init container is named.
   */
  private void compareContainerLists(String kind, JsonNode before, JsonNode after) {
    Map<String, JsonNode> beforeByName = byName(before);
    Map<String, JsonNode> afterByName = byName(after);
    boolean single = kind.isEmpty() && beforeByName.size() == 1 && afterByName.size() == 1;
    for (var entry : beforeByName.entrySet()) {
      if (!afterByName.containsKey(entry.getKey())) {
        changes.add(containerWord(kind) + entry.getKey() + " removed");
      }
    }
    for (var entry : afterByName.entrySet()) {
      JsonNode old = beforeByName.get(entry.getKey());
      if (old == null) {
        changes.add(containerWord(kind) + entry.getKey() + " added");
      } else {
        String prefix = single ? "" : containerWord(kind) + entry.getKey() + ": ";
        compareContainers(prefix, old, entry.getValue());
      }
    }
  }

  private static String containerWord(String kind) {
    return kind.isEmpty() ? "container " : kind;
  }

  private void compareContainers(String prefix, JsonNode before, JsonNode after) {
    String oldImage = before.path("image").asText("");
    String newImage = after.path("image").asText("");
    if (!oldImage.equals(newImage)) {
      changes.add(prefix + "image " + imageChange(oldImage, newImage));
    }
    compareEnv(prefix, before.path("env"), after.path("env"));
    compareEnvFrom(prefix, before.path("envFrom"), after.path("envFrom"));
    compareResources(prefix, before.path("resources"), after.path("resources"));
    compareField(prefix + "command", before.path("command"), after.path("command"), showValues);
    compareField(prefix + "args", before.path("args"), after.path("args"), showValues);
    for (String field : fieldNames(before, after)) {
      if (WORDED_CONTAINER_FIELDS.contains(field)) {
        continue;
      }
      JsonNode was = before.path(field);
      JsonNode is = after.path(field);
      if (!(absent(was) && absent(is)) && !was.equals(is)) {
        changes.add(prefix + PROBES.getOrDefault(field, field) + " changed");
      }
    }
  }

  /** Only the tag when the repository stays, because that is the version people recognise. */
  static String imageChange(String before, String after) {
    int beforeTag = tagStart(before);
    int afterTag = tagStart(after);
    if (beforeTag > 0
        && afterTag > 0
        && before.substring(0, beforeTag).equals(after.substring(0, afterTag))) {
      return before.substring(beforeTag + 1) + " → " + after.substring(afterTag + 1);
    }
    return before + " → " + after;
  }

  /** Where the tag or digest starts: the last ':' or '@' after the last '/', or -1. */
  private static int tagStart(String image) {
    int digest = image.indexOf('@');
    if (digest > 0) {
      return digest;
    }
    int colon = image.lastIndexOf(':');
    return colon > image.lastIndexOf('/') ? colon : -1;
  }

  private void compareEnv(String prefix, JsonNode before, JsonNode after) {
    Map<String, JsonNode> old = byName(before);
    Map<String, JsonNode> now = byName(after);
    for (String name : old.keySet()) {
      if (!now.containsKey(name)) {
        changes.add(prefix + "env " + name + " removed");
      }
    }
    for (var entry : now.entrySet()) {
      String name = entry.getKey();
      JsonNode was = old.get(name);
      JsonNode is = entry.getValue();
      if (was == null) {
        changes.add(prefix + "env " + name + envSource(is, "=") + " added" + envOrigin(is));
      } else if (!was.equals(is)) {
        changes.add(prefix + "env " + name + " changed" + envChange(was, is));
      }
    }
  }

  /** " 10 → 2", " (now from Secret db key password)", or "" when values are hidden. */
  private String envChange(JsonNode before, JsonNode after) {
    boolean plainBoth = !before.has("valueFrom") && !after.has("valueFrom");
    if (plainBoth) {
      return showValues
          ? ": "
              + quoted(before.path("value").asText(""))
              + " → "
              + quoted(after.path("value").asText(""))
          : "";
    }
    String now = envOrigin(after);
    return now.isEmpty() ? "" : " (now" + now + ")";
  }

  /** "=value" for a plain variable whose value may be shown, else "". */
  private String envSource(JsonNode variable, String separator) {
    boolean plain = !variable.has("valueFrom") && variable.has("value");
    return plain && showValues ? separator + quoted(variable.path("value").asText("")) : "";
  }

  /**
   * " from Secret db key password" and the like for a variable read from somewhere, "" for a plain
   * one. Names where the value lives, never a Secret's content (which the operator never reads).
   */
  private static String envOrigin(JsonNode variable) {
    JsonNode from = variable.path("valueFrom");
    if (from.has("secretKeyRef")) {
      return " from Secret " + keyRef(from.path("secretKeyRef"));
    }
    if (from.has("configMapKeyRef")) {
      return " from ConfigMap " + keyRef(from.path("configMapKeyRef"));
    }
    if (from.has("fieldRef")) {
      return " from field " + from.path("fieldRef").path("fieldPath").asText();
    }
    if (from.has("resourceFieldRef")) {
      return " from resource " + from.path("resourceFieldRef").path("resource").asText();
    }
    return "";
  }

  private static String keyRef(JsonNode ref) {
    return ref.path("name").asText() + " key " + ref.path("key").asText();
  }

  private void compareEnvFrom(String prefix, JsonNode before, JsonNode after) {
    Set<String> old = envFromSources(before);
    Set<String> now = envFromSources(after);
    for (String source : old) {
      if (!now.contains(source)) {
        changes.add(prefix + "envFrom " + source + " removed");
      }
    }
    for (String source : now) {
      if (!old.contains(source)) {
        changes.add(prefix + "envFrom " + source + " added");
      }
    }
  }

  private static Set<String> envFromSources(JsonNode list) {
    Set<String> sources = new LinkedHashSet<>();
    for (JsonNode source : iterable(list)) {
      String prefix = source.path("prefix").asText("");
      String suffix = prefix.isEmpty() ? "" : " (prefix " + prefix + ")";
      if (source.has("secretRef")) {
        sources.add("Secret " + source.path("secretRef").path("name").asText() + suffix);
      } else if (source.has("configMapRef")) {
        sources.add("ConfigMap " + source.path("configMapRef").path("name").asText() + suffix);
      }
    }
    return sources;
  }

  /** "memory limit 512Mi → 256Mi", "cpu request 100m added", "memory limit removed (was 1Gi)". */
  private void compareResources(String prefix, JsonNode before, JsonNode after) {
    for (String kind : List.of("requests", "limits")) {
      String word = kind.equals("limits") ? " limit" : " request";
      JsonNode old = before.path(kind);
      JsonNode now = after.path(kind);
      for (String resource : fieldNames(old, now)) {
        String was = quantity(old.path(resource));
        String is = quantity(now.path(resource));
        if (Objects.equals(was, is)) {
          continue;
        }
        String change =
            was == null
                ? " " + is + " added"
                : is == null ? " removed (was " + was + ")" : " " + was + " → " + is;
        changes.add(prefix + resource + word + change);
      }
    }
    for (String field : fieldNames(before, after)) {
      if (!field.equals("requests") && !field.equals("limits")) {
        compareField(prefix + "resources " + field, before.path(field), after.path(field), true);
      }
    }
  }

  /** A quantity as written ("512Mi"); fabric8 serialises it as a string or {amount, format}. */
  private static String quantity(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isObject()) {
      return node.path("amount").asText() + node.path("format").asText("");
    }
    return node.asText();
  }

  /** A field by name: its values when they are short and may be shown, else "changed". */
  private void compareField(String word, JsonNode before, JsonNode after, boolean mayShow) {
    if (absent(before) && absent(after) || before.equals(after)) {
      return;
    }
    if (!mayShow) {
      changes.add(word + " changed");
    } else if (absent(before)) {
      changes.add(word + " set to " + shown(after));
    } else if (absent(after)) {
      changes.add(word + " removed (was " + shown(before) + ")");
    } else {
      changes.add(word + " " + shown(before) + " → " + shown(after));
    }
  }

  /** A scalar or a short list as is; anything longer only as "changed" would be noise. */
  private static String shown(JsonNode value) {
    String text = value.isValueNode() ? quoted(value.asText()) : value.toString();
    return text.length() <= 80 ? text : "(" + text.length() + " characters)";
  }

  /** Values are quoted only when they need it, so "true" and "10" read as themselves. */
  private static String quoted(String value) {
    return value.isEmpty() || value.contains(" ") || value.contains("→")
        ? "\"" + value + "\""
        : value;
  }

  private void compareStringMaps(
      String word, Map<String, String> before, Map<String, String> after) {
    for (String key : before.keySet()) {
      if (!after.containsKey(key)) {
        changes.add(word + " " + key + " removed");
      }
    }
    for (var entry : after.entrySet()) {
      String was = before.get(entry.getKey());
      if (entry.getKey().equals(Labels.CONFIG_HASH) && was != null) {
        if (!was.equals(entry.getValue())) {
          changes.add("content of a referenced ConfigMap or Secret changed");
        }
      } else if (was == null) {
        changes.add(word + " " + entry.getKey() + "=" + shown(text(entry.getValue())) + " added");
      } else if (!was.equals(entry.getValue())) {
        changes.add(
            word
                + " "
                + entry.getKey()
                + " "
                + shown(text(was))
                + " → "
                + shown(text(entry.getValue())));
      }
    }
  }

  /**
   * Labels and annotations the operator writes itself (the template hash) are no change of the
   * user's.
   */
  private static Map<String, String> withoutOperatorKeys(JsonNode map) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String key : fieldNames(map, JsonNodeFactory.instance.objectNode())) {
      if (!key.equals(Labels.TEMPLATE_HASH)) {
        result.put(key, map.path(key).asText());
      }
    }
    return result;
  }

  private static JsonNode text(String value) {
    return JsonNodeFactory.instance.textNode(value);
  }

  private static Map<String, JsonNode> byName(JsonNode list) {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (JsonNode item : iterable(list)) {
      byName.put(item.path("name").asText(), item);
    }
    return byName;
  }

  private static Set<String> fieldNames(JsonNode before, JsonNode after) {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode node : List.of(before, after)) {
      if (node instanceof ObjectNode object) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
      }
    }
    return names;
  }

  private static Iterable<JsonNode> iterable(JsonNode list) {
    return list.isArray() ? list : List.of();
  }

  private static boolean absent(JsonNode node) {
    return node.isMissingNode() || node.isNull() || (node.isContainerNode() && node.isEmpty());
  }

  private List<String> capped() {
    List<String> result = new ArrayList<>();
    for (String change : changes) {
      if (result.size() == MAX_CHANGES) {
        result.add("and " + (changes.size() - MAX_CHANGES) + " more");
        break;
      }
      result.add(
          change.length() <= MAX_CHANGE_CHARS
              ? change
              : change.substring(0, MAX_CHANGE_CHARS) + "…");
    }
    return List.copyOf(result);
  }
}
