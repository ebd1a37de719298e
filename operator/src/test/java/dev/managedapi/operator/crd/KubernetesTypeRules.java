package dev.managedapi.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.managedapi.operator.api.v1alpha1.Cel;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Schema facts for the Kubernetes types the spec embeds (env, envFrom, resources, tolerations,
 * affinity, topology spread, secret references). They come from fabric8's model, whose classes
 * cannot carry our annotations, so the rules are added to the generated schema here, by the path at
 * which each type appears; a type that appears twice (env of the API and of init containers) gets
 * the same rules at both places.
 *
 * <p>The aim is that the API server refuses at {@code kubectl apply}, naming the ManagedApi's own
 * field, everything that would otherwise make the operator's Deployment invalid. Structure does
 * what it can (required fields, enums, list-map keys for duplicates); CEL does the rest, through
 * Kubernetes' own libraries where one exists ({@code format.*}, {@code isQuantity}). Every list and
 * map that a rule iterates, and every string a rule reads, has a bound: the API server estimates
 * each rule's cost from them and refuses a CRD whose rules could cost too much.
 */
final class KubernetesTypeRules {

  /** Kubernetes' own test for an environment variable name since 1.34 (RelaxedEnvVarNames). */
  static final String ENV_NAME_RULE = "self.matches('^[ -<>-~]+$')";

  static final String ENV_NAME_MESSAGE =
      "must consist only of printable ASCII characters other than '='";

  /** A ConfigMap or Secret key, as Kubernetes checks it (IsConfigMapKey). */
  static final String KEY_PATTERN = "^[-._a-zA-Z0-9]+$";

  static final String DNS_LABEL_MESSAGE =
      "must be a lowercase RFC 1123 label: at most 63 lower-case letters, digits or '-', starting"
          + " and ending with a letter or digit";

  private static final List<Entry> RULES = new ArrayList<>();

  private record Entry(Pattern path, Consumer<JSONSchemaProps> edit) {}

  private static void at(String pathRegex, Consumer<JSONSchemaProps> edit) {
    RULES.add(new Entry(Pattern.compile(pathRegex), edit));
  }

  static {
    env();
    envFrom();
    resources();
    keySelectors();
    tolerations();
    topologySpread();
    labelSelectors();
    nodeAffinity();
    podAffinity();
    // Label values are at most 63 characters; the bound also keeps the value rule's cost low.
    at(
        "spec\\.pod\\.(labels|nodeSelector)",
        map -> map.getAdditionalProperties().getSchema().setMaxLength(63L));
    at(
        "spec\\.pod\\.imagePullSecrets",
        list -> {
          list.setMaxItems(16L);
          JSONSchemaProps item = items(list);
          require(item, "name");
          dnsSubdomain(prop(item, "name"));
        });
  }

  private KubernetesTypeRules() {}

  /** Adds the rules to the spec schema, in place. */
  static void apply(JSONSchemaProps spec) {
    walk("spec", spec);
  }

  /**
   * The ManagedApi's name becomes its Service's, which must be a DNS-1035 label: refused at apply,
   * rather than the Service failing at reconcile time. A CRD may restrict metadata.name this way.
   */
  static void restrictName(JSONSchemaProps root) {
    JSONSchemaProps name = new JSONSchemaProps();
    name.setType("string");
    name.setMaxLength(63L);
    addRule(
        name,
        rule(
            "!format.dns1035Label().validate(self).hasValue()",
            "must be a valid Service name, a DNS-1035 label: at most 63 lower-case letters,"
                + " digits or '-', starting with a letter and ending with a letter or digit"));
    JSONSchemaProps metadata = new JSONSchemaProps();
    metadata.setType("object");
    metadata.setProperties(new java.util.LinkedHashMap<>(Map.of("name", name)));
    root.getProperties().put("metadata", metadata);
  }

  private static void walk(String path, JSONSchemaProps schema) {
    for (Entry entry : RULES) {
      if (entry.path().matcher(path).matches()) {
        entry.edit().accept(schema);
      }
    }
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, child) -> walk(path + "." + name, child));
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      walk(path + "[]", schema.getItems().getSchema());
    }
  }

  private static void env() {
    // Fewer for init containers: there are up to ten of them, and the bound multiplies the
    // estimated cost of every rule inside.
    at("spec\\.env", list -> env(list, 128));
    at("spec\\.initContainers\\[\\]\\.env", list -> env(list, 64));
  }

  private static void env(JSONSchemaProps list, long maxItems) {
    // Duplicate names are a schema error naming the entry, as for a Deployment's env.
    list.setXKubernetesListType("map");
    list.setXKubernetesListMapKeys(List.of("name"));
    list.setMaxItems(maxItems);
    JSONSchemaProps item = items(list);
    require(item, "name");
    JSONSchemaProps name = prop(item, "name");
    name.setMaxLength(256L);
    name.setMinLength(1L);
    addRule(name, rule(ENV_NAME_RULE, ENV_NAME_MESSAGE));
    addRule(
        item,
        rule(
                "!has(self.valueFrom) || !has(self.value) || size(self.value) == 0",
                "set value or valueFrom, not both")
            .withFieldPath(".valueFrom")
            .build());
    prop(item, "value").setMaxLength(1048576L);
    JSONSchemaProps valueFrom = prop(item, "valueFrom");
    addRule(
        valueFrom,
        rule(
            "!has(self.fileKeyRef)",
            "fileKeyRef is not supported: the API's pods have no volume it could read"));
    addRule(
        valueFrom,
        rule(
            "(has(self.fieldRef) ? 1 : 0) + (has(self.resourceFieldRef) ? 1 : 0)"
                + " + (has(self.configMapKeyRef) ? 1 : 0) + (has(self.secretKeyRef) ? 1 : 0)"
                + " + (has(self.fileKeyRef) ? 1 : 0) == 1",
            "set exactly one of fieldRef, resourceFieldRef, configMapKeyRef or" + " secretKeyRef"));
    fieldRef(prop(valueFrom, "fieldRef"));
    resourceFieldRef(prop(valueFrom, "resourceFieldRef"));
  }

  /** The pod fields an environment variable may read (validEnvDownwardAPIFieldPathExpressions). */
  private static void fieldRef(JSONSchemaProps fieldRef) {
    require(fieldRef, "fieldPath");
    enumOf(prop(fieldRef, "apiVersion"), "v1");
    JSONSchemaProps fieldPath = prop(fieldRef, "fieldPath");
    fieldPath.setMaxLength(344L);
    addRule(
        fieldPath,
        rule(
            "self in ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName',"
                + " 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP',"
                + " 'status.podIPs']"
                + " || (self.matches(\"^metadata[.](labels|annotations)[[]'.+'[]]$\")"
                + " && !format.qualifiedName().validate("
                + "self.substring(self.indexOf(\"['\") + 2, size(self) - 2)).hasValue())",
            "must be metadata.name, metadata.namespace, metadata.uid, spec.nodeName,"
                + " spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP,"
                + " status.podIPs, metadata.labels['<key>'] or metadata.annotations['<key>']"));
  }

  private static void resourceFieldRef(JSONSchemaProps ref) {
    require(ref, "resource");
    JSONSchemaProps resource = prop(ref, "resource");
    resource.setMaxLength(128L);
    addRule(
        resource,
        rule(
            "self in ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu',"
                + " 'requests.memory', 'requests.ephemeral-storage']"
                + " || self.startsWith('limits.hugepages-') || self.startsWith('requests.hugepages-')",
            "must be limits.cpu, limits.memory, limits.ephemeral-storage, requests.cpu,"
                + " requests.memory, requests.ephemeral-storage or a hugepages-<size> limit or"
                + " request"));
    prop(ref, "containerName").setMaxLength(63L);
    // Kubernetes accepts only these divisors (validateContainerResourceDivisor).
    addRule(
        ref,
        rule(
                "!has(self.divisor) || (self.resource.endsWith('.cpu')"
                    + " ? string(self.divisor) in ['1m', '1']"
                    + " : string(self.divisor) in ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki',"
                    + " '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'])",
                "divisor must be 1m or 1 for cpu, and 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi,"
                    + " 1Ti, 1Pi or 1Ei for memory and storage")
            .withFieldPath(".divisor")
            .build());
    prop(ref, "divisor").setMaxLength(16L);
  }

  private static void envFrom() {
    at(
        "spec\\.envFrom",
        list -> {
          list.setMaxItems(32L);
          JSONSchemaProps item = items(list);
          addRule(
              item,
              rule(
                  "has(self.configMapRef) != has(self.secretRef)",
                  "set exactly one of configMapRef or secretRef"));
          JSONSchemaProps prefix = prop(item, "prefix");
          prefix.setMaxLength(256L);
          addRule(prefix, rule(ENV_NAME_RULE, ENV_NAME_MESSAGE));
          for (String ref : List.of("configMapRef", "secretRef")) {
            require(prop(item, ref), "name");
            dnsSubdomain(prop(prop(item, ref), "name"));
          }
        });
  }

  /** ConfigMap and Secret key selectors: env valueFrom and the notifications webhook. */
  private static void keySelectors() {
    at(
        "spec(\\.initContainers\\[\\])?\\.env\\[\\]\\.valueFrom\\.(configMapKeyRef|secretKeyRef)"
            + "|spec\\.notifications\\.webhookSecretRef",
        ref -> {
          require(ref, "name", "key");
          dnsSubdomain(prop(ref, "name"));
          JSONSchemaProps key = prop(ref, "key");
          key.setMaxLength(253L);
          key.setPattern(KEY_PATTERN);
          addRule(key, rule("self != '.' && self != '..'", "must not be '.' or '..'"));
        });
  }

  private static void resources() {
    at(
        "spec(\\.initContainers\\[\\])?\\.resources",
        resources -> {
          for (String kind : List.of("requests", "limits")) {
            JSONSchemaProps map = prop(resources, kind);
            map.setMaxProperties(16L);
            addRule(
                map,
                rule(
                    "self.all(k, k in ['cpu', 'memory', 'ephemeral-storage']"
                        + " || k.startsWith('hugepages-')"
                        + " || (k.contains('/') && !k.startsWith('kubernetes.io/')"
                        + " && !format.qualifiedName().validate(k).hasValue()))",
                    "resource names must be cpu, memory, ephemeral-storage, hugepages-<size> or"
                        + " an extended resource with a domain, such as example.com/gpu"));
            JSONSchemaProps quantity = map.getAdditionalProperties().getSchema();
            quantity.setMaxLength(64L);
            addRule(
                quantity,
                computed(
                    "isQuantity(string(self)) && !quantity(string(self)).isLessThan(quantity('0'))",
                    "isQuantity(string(self)) ? 'must not be negative'"
                        + " : 'must be a quantity such as 500m, 2, 256Mi or 1Gi'"));
          }
          addRule(
              resources,
              rule(
                      "!has(self.requests) || !has(self.limits) || self.requests.all(k,"
                          + " !(k in self.limits) || !isQuantity(string(self.requests[k]))"
                          + " || !isQuantity(string(self.limits[k]))"
                          + " || !quantity(string(self.limits[k]))"
                          + ".isLessThan(quantity(string(self.requests[k]))))",
                      "every limit must be at least the request for the same resource")
                  .withFieldPath(".limits")
                  .build());
          // Hugepages and extended resources cannot be overcommitted.
          addRule(
              resources,
              rule(
                      "!has(self.requests) || self.requests.all(k,"
                          + " !(k.startsWith('hugepages-') || k.contains('/'))"
                          + " || (has(self.limits) && k in self.limits"
                          + " && string(self.limits[k]) == string(self.requests[k])))",
                      "hugepages and extended resources need a limit equal to their request")
                  .withFieldPath(".limits")
                  .build());
          addRule(
              resources,
              rule(
                      "!has(self.claims) || size(self.claims) == 0",
                      "claims are not supported: the API's pods have no resource claims")
                  .withFieldPath(".claims")
                  .build());
        });
  }

  private static void tolerations() {
    at(
        "spec\\.pod\\.tolerations",
        list -> {
          list.setMaxItems(32L);
          JSONSchemaProps item = items(list);
          enumOf(prop(item, "operator"), "Equal", "Exists");
          enumOf(prop(item, "effect"), "NoExecute", "NoSchedule", "PreferNoSchedule");
          JSONSchemaProps key = prop(item, "key");
          key.setMaxLength((long) Cel.QUALIFIED_NAME_MAX_LENGTH);
          addRule(key, qualifiedName());
          JSONSchemaProps value = prop(item, "value");
          value.setMaxLength(63L);
          addRule(value, labelValue());
          addRule(
              item,
              rule(
                      "!has(self.operator) || self.operator != 'Exists' || !has(self.value)"
                          + " || size(self.value) == 0",
                      "must be empty when operator is Exists")
                  .withFieldPath(".value")
                  .build());
          addRule(
              item,
              rule(
                      "(has(self.key) && size(self.key) > 0)"
                          + " || (has(self.operator) && self.operator == 'Exists')",
                      "must be Exists when key is empty, which tolerates every taint")
                  .withFieldPath(".operator")
                  .build());
          addRule(
              item,
              rule(
                      "!has(self.tolerationSeconds) || (has(self.effect) && self.effect =="
                          + " 'NoExecute')",
                      "tolerationSeconds needs effect NoExecute")
                  .withFieldPath(".tolerationSeconds")
                  .build());
        });
  }

  private static void topologySpread() {
    at(
        "spec\\.pod\\.topologySpreadConstraints",
        list -> {
          list.setMaxItems(8L);
          // Two constraints on the same key and policy are a duplicate to Kubernetes too.
          list.setXKubernetesListType("map");
          list.setXKubernetesListMapKeys(List.of("topologyKey", "whenUnsatisfiable"));
          JSONSchemaProps item = items(list);
          require(item, "maxSkew", "topologyKey", "whenUnsatisfiable");
          prop(item, "maxSkew").setMinimum(1.0);
          prop(item, "minDomains").setMinimum(1.0);
          enumOf(prop(item, "whenUnsatisfiable"), "DoNotSchedule", "ScheduleAnyway");
          enumOf(prop(item, "nodeAffinityPolicy"), "Honor", "Ignore");
          enumOf(prop(item, "nodeTaintsPolicy"), "Honor", "Ignore");
          JSONSchemaProps topologyKey = prop(item, "topologyKey");
          topologyKey.setMaxLength((long) Cel.QUALIFIED_NAME_MAX_LENGTH);
          addRule(topologyKey, qualifiedName());
          qualifiedNameList(prop(item, "matchLabelKeys"));
          addRule(
              item,
              rule(
                      "!has(self.minDomains) || self.whenUnsatisfiable == 'DoNotSchedule'",
                      "minDomains needs whenUnsatisfiable DoNotSchedule")
                  .withFieldPath(".minDomains")
                  .build());
        });
  }

  /** Every label selector: topology spread, pod affinity terms, their namespace selectors. */
  private static void labelSelectors() {
    at(
        "spec\\.pod\\..*\\.(labelSelector|namespaceSelector)",
        selector -> {
          labelMap(prop(selector, "matchLabels"));
          JSONSchemaProps expression = matchExpressions(selector, false);
          addRule(items(prop(expression, "values")), labelValue());
        });
  }

  private static void nodeAffinity() {
    at(
        "spec\\.pod\\.affinity\\.nodeAffinity\\.requiredDuringSchedulingIgnoredDuringExecution",
        selector -> {
          require(selector, "nodeSelectorTerms");
          JSONSchemaProps terms = prop(selector, "nodeSelectorTerms");
          terms.setMinItems(1L);
          terms.setMaxItems(8L);
        });
    at(
        "spec\\.pod\\.affinity\\.nodeAffinity\\.preferredDuringSchedulingIgnoredDuringExecution",
        list -> weightedTerms(list, "preference"));
    at(
        "spec\\.pod\\.affinity\\.nodeAffinity\\..*\\.(nodeSelectorTerms\\[\\]|preference)",
        term -> {
          matchExpressions(term, true);
          JSONSchemaProps fields = prop(term, "matchFields");
          fields.setMaxItems(4L);
          JSONSchemaProps field = items(fields);
          require(field, "key", "operator", "values");
          enumOf(prop(field, "key"), "metadata.name");
          enumOf(prop(field, "operator"), "In", "NotIn");
          JSONSchemaProps fieldValues = prop(field, "values");
          fieldValues.setMinItems(1L);
          fieldValues.setMaxItems(1L);
          items(fieldValues).setMaxLength(253L);
        });
  }

  private static void podAffinity() {
    String kinds = "spec\\.pod\\.affinity\\.(podAffinity|podAntiAffinity)";
    at(kinds + "\\.requiredDuringSchedulingIgnoredDuringExecution", list -> list.setMaxItems(8L));
    at(
        kinds + "\\.preferredDuringSchedulingIgnoredDuringExecution",
        list -> weightedTerms(list, "podAffinityTerm"));
    at(
        kinds
            + "\\.(requiredDuringSchedulingIgnoredDuringExecution\\[\\]"
            + "|preferredDuringSchedulingIgnoredDuringExecution\\[\\]\\.podAffinityTerm)",
        term -> {
          require(term, "topologyKey");
          JSONSchemaProps topologyKey = prop(term, "topologyKey");
          topologyKey.setMaxLength((long) Cel.QUALIFIED_NAME_MAX_LENGTH);
          addRule(topologyKey, qualifiedName());
          JSONSchemaProps namespaces = prop(term, "namespaces");
          namespaces.setMaxItems(16L);
          JSONSchemaProps namespace = items(namespaces);
          namespace.setMaxLength(63L);
          addRule(
              namespace,
              rule("!format.dns1123Label().validate(self).hasValue()", DNS_LABEL_MESSAGE));
          qualifiedNameList(prop(term, "matchLabelKeys"));
          qualifiedNameList(prop(term, "mismatchLabelKeys"));
        });
  }

  /**
   * The requirements of a label selector, or with {@code nodeOperators} of a node selector term,
   * which also knows Gt and Lt. Returns the requirement's schema.
   */
  private static JSONSchemaProps matchExpressions(JSONSchemaProps selector, boolean nodeOperators) {
    JSONSchemaProps expressions = prop(selector, "matchExpressions");
    expressions.setMaxItems(16L);
    JSONSchemaProps expression = items(expressions);
    require(expression, "key", "operator");
    if (nodeOperators) {
      enumOf(prop(expression, "operator"), "DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn");
    } else {
      enumOf(prop(expression, "operator"), "DoesNotExist", "Exists", "In", "NotIn");
    }
    JSONSchemaProps key = prop(expression, "key");
    key.setMaxLength((long) Cel.QUALIFIED_NAME_MAX_LENGTH);
    addRule(key, qualifiedName());
    JSONSchemaProps values = prop(expression, "values");
    values.setMaxItems(32L);
    items(values).setMaxLength(63L);
    addRule(expression, valuesRule(nodeOperators));
    return expression;
  }

  private static ValidationRule valuesRule(boolean nodeOperators) {
    String rule =
        "self.operator in ['In', 'NotIn'] ? has(self.values) && size(self.values) > 0"
            + " : self.operator in ['Exists', 'DoesNotExist'] ? !has(self.values) ||"
            + " size(self.values) == 0"
            + " : has(self.values) && size(self.values) == 1 && self.values[0].matches('^-?[0-9]+$')";
    String message =
        nodeOperators
            ? "In and NotIn need at least one value, Exists and DoesNotExist none, Gt and Lt one"
                + " integer"
            : "In and NotIn need at least one value, Exists and DoesNotExist none";
    return rule(rule, message).withFieldPath(".values").build();
  }

  /** A preferred-scheduling list: each entry a weight from 1 to 100 and its term. */
  private static void weightedTerms(JSONSchemaProps list, String term) {
    list.setMaxItems(8L);
    JSONSchemaProps item = items(list);
    require(item, "weight", term);
    prop(item, "weight").setMinimum(1.0);
    prop(item, "weight").setMaximum(100.0);
  }

  private static void labelMap(JSONSchemaProps map) {
    map.setMaxProperties((long) Cel.MAX_MAP_ENTRIES);
    map.getAdditionalProperties().getSchema().setMaxLength((long) Cel.LABEL_VALUE_MAX_LENGTH);
    addRule(map, rule(Cel.QUALIFIED_NAME_KEYS_RULE, Cel.QUALIFIED_NAME_KEYS_MESSAGE));
    addRule(map, rule(Cel.LABEL_VALUES_RULE, Cel.LABEL_VALUES_MESSAGE));
  }

  private static void qualifiedNameList(JSONSchemaProps list) {
    list.setMaxItems(16L);
    JSONSchemaProps item = items(list);
    item.setMaxLength((long) Cel.QUALIFIED_NAME_MAX_LENGTH);
    addRule(item, qualifiedName());
  }

  private static void dnsSubdomain(JSONSchemaProps name) {
    name.setMaxLength((long) Cel.DNS_SUBDOMAIN_MAX_LENGTH);
    addRule(name, rule(Cel.DNS_SUBDOMAIN_RULE, Cel.DNS_SUBDOMAIN_MESSAGE));
  }

  private static ValidationRule qualifiedName() {
    return rule("!format.qualifiedName().validate(self).hasValue()", Cel.QUALIFIED_NAME_MESSAGE)
        .build();
  }

  private static ValidationRule labelValue() {
    return rule("!format.labelValue().validate(self).hasValue()", Cel.LABEL_VALUE_MESSAGE).build();
  }

  /** A rule whose message is computed, so it can quote the CEL library's own explanation. */
  private static ValidationRule computed(String rule, String messageExpression) {
    return new ValidationRuleBuilder()
        .withRule(rule)
        .withMessageExpression(messageExpression)
        .build();
  }

  private static ValidationRuleBuilder rule(String rule, String message) {
    return new ValidationRuleBuilder().withRule(rule).withMessage(message);
  }

  private static void addRule(JSONSchemaProps schema, ValidationRuleBuilder rule) {
    addRule(schema, rule.build());
  }

  private static void addRule(JSONSchemaProps schema, ValidationRule rule) {
    List<ValidationRule> rules = new ArrayList<>();
    if (schema.getXKubernetesValidations() != null) {
      rules.addAll(schema.getXKubernetesValidations());
    }
    rules.add(rule);
    schema.setXKubernetesValidations(rules);
  }

  private static void require(JSONSchemaProps schema, String... names) {
    List<String> required = new ArrayList<>();
    if (schema.getRequired() != null) {
      required.addAll(schema.getRequired());
    }
    Arrays.stream(names).filter(n -> !required.contains(n)).forEach(required::add);
    schema.setRequired(required);
  }

  private static void enumOf(JSONSchemaProps schema, String... values) {
    List<JsonNode> nodes = new ArrayList<>();
    for (String value : values) {
      nodes.add(TextNode.valueOf(value));
    }
    schema.setEnum(nodes);
  }

  private static JSONSchemaProps items(JSONSchemaProps list) {
    return list.getItems().getSchema();
  }

  private static JSONSchemaProps prop(JSONSchemaProps schema, String name) {
    Map<String, JSONSchemaProps> properties = schema.getProperties();
    JSONSchemaProps child = properties == null ? null : properties.get(name);
    if (child == null) {
      throw new IllegalStateException("The schema has no property " + name + " to add rules to");
    }
    return child;
  }
}
