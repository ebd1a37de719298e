package dev.managedapi.operator.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes docs/crd-reference.md from the generated CRD, so the reference says exactly what the API
 * server enforces and `kubectl explain` prints. CommittedCrdIsFreshTest keeps it current.
 */
public final class CrdReference {

  public static final String DOC = "docs/crd-reference.md";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private CrdReference() {}

  public static String render(Path crdFile) throws IOException {
    CustomResourceDefinition crd =
        SERIALIZATION.unmarshal(Files.readString(crdFile), CustomResourceDefinition.class);
    var version = crd.getSpec().getVersions().getFirst();
    JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
    StringBuilder doc = new StringBuilder();
    doc.append("# ManagedApi reference\n\n")
        .append(
            "<!-- Generated from the CRD by `make generate` (CrdReference.java); do not edit. -->\n\n")
        .append(root.getDescription())
        .append("\n\n")
        .append(
            "`%s/%s`, kind `%s`, plural `%s`, short name `%s`, namespaced, with a status subresource.\n\n"
                .formatted(
                    crd.getSpec().getGroup(),
                    version.getName(),
                    crd.getSpec().getNames().getKind(),
                    crd.getSpec().getNames().getPlural(),
                    String.join(", ", crd.getSpec().getNames().getShortNames())))
        .append(
            "Every field below is validated by the API server when you `kubectl apply`; defaults are applied by")
        .append(
            " the API server too, so `kubectl get managedapi NAME -o yaml` shows the effective spec.")
        .append(" `kubectl explain managedapi.spec.FIELD` prints the same descriptions.\n\n")
        .append("`kubectl get managedapis` columns: ")
        .append(
            version.getAdditionalPrinterColumns().stream()
                .map(
                    c ->
                        "**%s** (`%s`%s)"
                            .formatted(
                                c.getName().toUpperCase(),
                                c.getJsonPath(),
                                c.getPriority() != null && c.getPriority() > 0
                                    ? ", with `-o wide`"
                                    : ""))
                .collect(Collectors.joining(", ")))
        .append(".\n\n");
    section(doc, "spec", root.getProperties().get("spec"));
    section(doc, "status", root.getProperties().get("status"));
    return doc.toString();
  }

  private static void section(StringBuilder doc, String name, JSONSchemaProps schema) {
    doc.append("## ").append(name).append("\n\n").append(schema.getDescription()).append("\n\n");
    List<String[]> rows = new ArrayList<>();
    List<String[]> nested = new ArrayList<>();
    walk(name, schema, rows, nested);
    doc.append("| field | type | default | validation | description |\n|---|---|---|---|---|\n");
    for (String[] row : rows) {
      doc.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    doc.append('\n');
    if (!nested.isEmpty()) {
      doc.append("### Checks inside the Kubernetes types of ")
          .append(name)
          .append("\n\n")
          .append(
              "The fields below have Kubernetes' own meaning (`kubectl explain` describes them);"
                  + " the CRD adds these checks so that `kubectl apply` refuses what would make the"
                  + " operator's Deployment invalid, naming the ManagedApi's field.\n\n")
          .append("| field | validation |\n|---|---|\n");
      for (String[] row : nested) {
        doc.append("| ").append(row[0]).append(" | ").append(row[3]).append(" |\n");
      }
      doc.append('\n');
    }
  }

  /**
   * Visits our own object types; Kubernetes types (env, resources, affinity...) are one row each.
   */
  private static void walk(
      String path, JSONSchemaProps schema, List<String[]> rows, List<String[]> nested) {
    Map<String, JSONSchemaProps> properties = schema.getProperties();
    if (properties == null) {
      return;
    }
    properties.forEach(
        (name, child) -> {
          String childPath = path + "." + name;
          rows.add(
              row(
                  childPath,
                  child,
                  schema.getRequired() != null && schema.getRequired().contains(name)));
          ownFields(child)
              .ifPresentOrElse(
                  fields -> walk(fields.path(childPath), fields.schema(), rows, nested),
                  () -> checksInside(childPath, child, nested));
        });
  }

  /** The checks on the fields of a Kubernetes type, each field that has any as one row. */
  private static void checksInside(String path, JSONSchemaProps schema, List<String[]> nested) {
    Map<String, JSONSchemaProps> children = new java.util.LinkedHashMap<>();
    Optional.ofNullable(schema.getProperties())
        .ifPresent(p -> p.forEach((name, child) -> children.put(path + "." + name, child)));
    Optional.ofNullable(schema.getItems())
        .map(items -> items.getSchema())
        .ifPresent(items -> children.put(path + "[]", items));
    Optional.ofNullable(schema.getAdditionalProperties())
        .map(values -> values.getSchema())
        .ifPresent(values -> children.put(path + "{}", values));
    children.forEach(
        (childPath, child) -> {
          String name = childPath.substring(childPath.lastIndexOf('.') + 1);
          boolean required = schema.getRequired() != null && schema.getRequired().contains(name);
          String[] row = row(childPath, child, required);
          if (!row[3].isEmpty()) {
            nested.add(row);
          }
          checksInside(childPath, child, nested);
        });
  }

  /** Our types carry descriptions on their fields; fabric8's Kubernetes model types do not. */
  static boolean isOwnObject(JSONSchemaProps schema) {
    return schema.getProperties() != null
        && schema.getProperties().values().stream().anyMatch(p -> p.getDescription() != null);
  }

  /**
   * The fields to list under a property: its own when it is one of our types, its items' (as {@code
   * path[]}) when it is a list of them, none for anything else.
   */
  static Optional<OwnFields> ownFields(JSONSchemaProps schema) {
    if (isOwnObject(schema)) {
      return Optional.of(new OwnFields(schema, false));
    }
    return Optional.ofNullable(schema.getItems())
        .map(items -> items.getSchema())
        .filter(CrdReference::isOwnObject)
        .map(items -> new OwnFields(items, true));
  }

  /** An object schema of ours, reached directly or through an array's items. */
  record OwnFields(JSONSchemaProps schema, boolean listItems) {
    String path(String propertyPath) {
      return listItems ? propertyPath + "[]" : propertyPath;
    }
  }

  private static String[] row(String path, JSONSchemaProps schema, boolean required) {
    List<String> validation = new ArrayList<>();
    if (required) {
      validation.add("required");
    }
    Optional.ofNullable(schema.getMinimum()).ifPresent(min -> validation.add("≥ " + number(min)));
    Optional.ofNullable(schema.getMaximum()).ifPresent(max -> validation.add("≤ " + number(max)));
    Optional.ofNullable(schema.getMaxLength())
        .ifPresent(max -> validation.add("at most " + max + " characters"));
    Optional.ofNullable(schema.getMaxItems())
        .ifPresent(max -> validation.add("at most " + max + " items"));
    Optional.ofNullable(schema.getPattern()).ifPresent(p -> validation.add("matches `" + p + "`"));
    Optional.ofNullable(schema.getEnum())
        .filter(values -> !values.isEmpty())
        .ifPresent(
            values ->
                validation.add(
                    "one of "
                        + values.stream()
                            .map(v -> "`" + v.asText() + "`")
                            .collect(Collectors.joining(", "))));
    Optional.ofNullable(schema.getMinLength())
        .ifPresent(
            min -> validation.add(min == 1 ? "not empty" : "at least " + min + " characters"));
    Optional.ofNullable(schema.getMinItems())
        .ifPresent(min -> validation.add("at least " + min + " items"));
    Optional.ofNullable(schema.getMaxProperties())
        .ifPresent(max -> validation.add("at most " + max + " entries"));
    if ("map".equals(schema.getXKubernetesListType())) {
      validation.add("unique by " + String.join(" and ", schema.getXKubernetesListMapKeys()));
    }
    Optional.ofNullable(schema.getXKubernetesValidations()).orElse(List.of()).stream()
        .map(rule -> Optional.ofNullable(rule.getMessage()).orElseGet(() -> describe(rule)))
        .forEach(message -> validation.add("rule: " + message));
    return new String[] {
      "`" + path + "`",
      type(schema),
      schema.getDefault() == null
          ? ""
          : "`" + schema.getDefault().toString().replace("|", "\\|") + "`",
      String.join("; ", validation).replace("|", "\\|"),
      Optional.ofNullable(schema.getDescription()).orElse("").replace("|", "\\|").replace("\n", " ")
    };
  }

  /** A rule whose message is computed: say what it checks, from the CEL library it calls. */
  private static String describe(ValidationRule rule) {
    String expression = rule.getRule();
    if (expression.startsWith("isQuantity(")) {
      return "a quantity, not negative";
    }
    for (String format :
        List.of(
            "dns1035Label", "dns1123Label", "dns1123Subdomain", "qualifiedName", "labelValue")) {
      if (expression.contains("format." + format + "()")) {
        String what =
            switch (format) {
              case "dns1035Label" -> "a DNS-1035 label";
              case "dns1123Label" -> "a DNS-1123 label";
              case "dns1123Subdomain" -> "a DNS-1123 subdomain";
              case "qualifiedName" -> "a qualified name";
              default -> "a label value";
            };
        return expression.startsWith("self.all(k")
            ? (expression.contains("self[k]") ? "values are " : "keys are ") + what
            : "is " + what;
      }
    }
    return "`" + expression + "`";
  }

  private static String type(JSONSchemaProps schema) {
    if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
      return "int or string";
    }
    if ("array".equals(schema.getType())
        && schema.getItems() != null
        && schema.getItems().getSchema() != null) {
      return "array of " + schema.getItems().getSchema().getType();
    }
    if ("object".equals(schema.getType())
        && schema.getAdditionalProperties() != null
        && schema.getAdditionalProperties().getSchema() != null) {
      return "map of " + schema.getAdditionalProperties().getSchema().getType();
    }
    return Optional.ofNullable(schema.getType()).orElse("object");
  }

  private static String number(Double value) {
    return value == Math.rint(value) ? String.valueOf(value.longValue()) : value.toString();
  }

  public static void main(String[] args) throws IOException {
    Path repoRoot = Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize();
    Path crd = repoRoot.resolve("crds").resolve(CrdGeneration.FILE_NAME);
    Files.writeString(repoRoot.resolve(DOC), render(crd));
    System.out.println("Wrote " + DOC);
  }
}
