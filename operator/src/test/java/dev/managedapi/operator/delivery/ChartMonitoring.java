package dev.managedapi.operator.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * What the chart gives Prometheus and Grafana: the PrometheusRule's alerts as rendered (release
 * managedapi-operator in managedapi-system, default values) and the dashboard's queries.
 */
public final class ChartMonitoring {

  public static final String RELEASE = "managedapi-operator";
  public static final String NAMESPACE = "managedapi-system";
  public static final Path DASHBOARD = Helm.CHART.resolve("dashboards/managedapi-operator.json");
  private static final JsonMapper JSON = new JsonMapper();

  private ChartMonitoring() {}

  /** The groups of the PrometheusRule the chart renders, as a Prometheus rule file. */
  public static String ruleGroups() {
    GenericKubernetesResource rule =
        Helm.template(RELEASE, NAMESPACE, "--api-versions", "monitoring.coreos.com/v1")
            .ofKind("PrometheusRule")
            .getFirst();
    Map<String, Object> spec = rule.get("spec");
    return new Yaml().dump(spec);
  }

  /** Alert name to expression, as rendered. */
  @SuppressWarnings("unchecked")
  public static Map<String, String> alerts() {
    Map<String, Object> groups = new Yaml().load(ruleGroups());
    Map<String, String> alerts = new LinkedHashMap<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) groups.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        alerts.put((String) rule.get("alert"), (String) rule.get("expr"));
      }
    }
    return alerts;
  }

  /** Each panel query, under a recording-rule name (dashboard:panel_<id>_<refId>). */
  public static Map<String, String> dashboardQueries() throws IOException {
    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.put(
            "dashboard:panel_%d_%s"
                .formatted(panel.path("id").asInt(), target.path("refId").asText().toLowerCase()),
            target.path("expr").asText());
      }
    }
    return queries;
  }

  /** The dashboard's variable queries (label_values(...)), which are Grafana's, not PromQL. */
  public static List<String> variableQueries() throws IOException {
    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    List<String> queries = new ArrayList<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        queries.add(variable.path("definition").asText());
      }
    }
    return queries;
  }
}
