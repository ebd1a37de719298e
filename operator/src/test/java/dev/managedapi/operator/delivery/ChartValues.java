package dev.managedapi.operator.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.comments.CommentType;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The chart's values.yaml with its comments, as one entry per value a user sets. What counts as one
 * value is values.schema.json's call: a key whose schema lists {@code properties} is a group (its
 * keys are the values), any other key is one value, even when its default is a map ({@code
 * resources}, {@code grafanaDashboard.labels}). A value's description is the comment block right
 * above its key, after the last blank line.
 */
public record ChartValues(List<Value> values, JsonNode schema) {

  public static final Path VALUES = Helm.CHART.resolve("values.yaml");
  public static final Path SCHEMA = Helm.CHART.resolve("values.schema.json");
  private static final JsonMapper JSON = new JsonMapper();

  /** One settable value: its dotted path, its default and the comment that documents it. */
  public record Value(String path, Object defaultValue, String description, JsonNode schema) {

    /** The default as JSON, the way `helm show values` users type it with --set-json. */
    public String defaultJson() {
      try {
        return JSON.writeValueAsString(defaultValue);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public static ChartValues read() throws IOException {
    return read(VALUES, SCHEMA);
  }

  public static ChartValues read(Path valuesFile, Path schemaFile) throws IOException {
    String text = Files.readString(valuesFile);
    JsonNode schema = JSON.readTree(schemaFile.toFile());
    Map<String, Object> data = new Yaml().load(text);
    List<Value> values = new ArrayList<>();
    collect(compose(text), data, "", schema, schema, values);
    return new ChartValues(List.copyOf(values), schema);
  }

  /** Every value's path. */
  public Set<String> paths() {
    Set<String> paths = new TreeSet<>();
    values.forEach(v -> paths.add(v.path()));
    return paths;
  }

  /**
   * Every path the schema names through {@code properties}, down to the keys it does not group
   * further: what values.yaml should document.
   */
  public Set<String> schemaPaths() {
    Set<String> paths = new TreeSet<>();
    schemaPaths(schema, schema, "", paths);
    return paths;
  }

  private static void schemaPaths(JsonNode root, JsonNode node, String prefix, Set<String> into) {
    JsonNode properties = resolve(root, node).path("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> property = it.next();
      String path = prefix + property.getKey();
      if (resolve(root, property.getValue()).has("properties")) {
        schemaPaths(root, property.getValue(), path + ".", into);
      } else {
        into.add(path);
      }
    }
  }

  private static Node compose(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setProcessComments(true);
    var parser = new ParserImpl(new StreamReader(new StringReader(text)), options);
    return new Composer(parser, new Resolver(), options).getSingleNode();
  }

  @SuppressWarnings("unchecked")
  private static void collect(
      Node node,
      Map<String, Object> data,
      String prefix,
      JsonNode root,
      JsonNode schemaNode,
      List<Value> into) {
    if (!(node instanceof MappingNode mapping)) {
      throw new IllegalStateException("values.yaml: %s is not a map".formatted(prefix));
    }
    JsonNode properties = resolve(root, schemaNode).path("properties");
    for (NodeTuple tuple : mapping.getValue()) {
      String key = ((ScalarNode) tuple.getKeyNode()).getValue();
      String path = prefix + key;
      JsonNode keySchema = properties.path(key);
      Object value = data.get(key);
      if (resolve(root, keySchema).has("properties")
          && tuple.getValueNode() instanceof MappingNode) {
        collect(
            tuple.getValueNode(), (Map<String, Object>) value, path + ".", root, keySchema, into);
      } else {
        into.add(
            new Value(
                path,
                value,
                description(tuple.getKeyNode()),
                keySchema.isMissingNode() ? null : keySchema));
      }
    }
  }

  /** The comment lines right above a key, after the last blank line, joined into one sentence. */
  private static String description(Node key) {
    List<CommentLine> comments = Optional.ofNullable(key.getBlockComments()).orElse(List.of());
    List<String> lines = new ArrayList<>();
    for (CommentLine line : comments) {
      if (line.getCommentType() == CommentType.BLANK_LINE) {
        lines.clear();
      } else {
        lines.add(line.getValue().strip());
      }
    }
    return String.join(" ", lines).strip();
  }

  /** A schema node with its {@code $ref} (to #/definitions/...) followed. */
  static JsonNode resolve(JsonNode root, JsonNode node) {
    JsonNode ref = node.path("$ref");
    if (ref.isTextual()) {
      String pointer = ref.asText().substring(1);
      return resolve(root, root.at(pointer));
    }
    return node;
  }
}
