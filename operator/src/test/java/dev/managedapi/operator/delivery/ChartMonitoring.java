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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

  /** Series Prometheus makes itself for every target; no exporter has them. */
  private static final Set<String> PROMETHEUS_OWN = Set.of("up");

  private ChartMonitoring() {}

  /** The metric names each alert, dashboard panel query and dashboard variable reads. */
  public static Map<String, Set<String>> metricsRead() throws IOException {
    Map<String, Set<String>> used = new TreeMap<>();
    alerts().forEach((alert, expr) -> used.put("alert " + alert, PromQl.metricNames(expr)));
    dashboardQueries()
        .forEach((query, expr) -> used.put("dashboard " + query, PromQl.metricNames(expr)));
    for (String query : variableQueries()) {
      used.put("dashboard variable " + query, PromQl.metricNames(query));
    }
    return used;
  }

  /**
   * Of {@code used}, the names a /metrics text does not expose, by where they are read; Prometheus'
   * own series and {@code mayBeAbsent} aside.
   */
  public static Map<String, Set<String>> notExposed(
      Map<String, Set<String>> used, String metrics, Set<String> mayBeAbsent) {
    Set<String> exposed = new TreeSet<>();
    metrics
        .lines()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .forEach(line -> exposed.add(line.split("[{ ]", 2)[0]));
    Map<String, Set<String>> missing = new TreeMap<>();
    used.forEach(
        (where, names) -> {
          Set<String> absent = new TreeSet<>(names);
          absent.removeAll(exposed);
          absent.removeAll(PROMETHEUS_OWN);
          absent.removeAll(mayBeAbsent);
          if (!absent.isEmpty()) {
            missing.put(where, absent);
          }
        });
    return missing;
  }

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
