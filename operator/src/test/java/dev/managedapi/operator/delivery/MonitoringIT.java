package dev.managedapi.operator.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart's alerts and dashboard as Prometheus and Grafana would take them: the PrometheusRule
 * the chart renders goes through `promtool check rules` and the rule unit tests in
 * helm/managedapi-operator/tests/ (`promtool test rules`, input series for every alert, firing and
 * not), and every query of the dashboard through promtool's PromQL parser. MonitoredMetricsIT
 * checks the metric names against a running operator.
 */
class MonitoringIT {

  static final Path RULE_TESTS = Helm.CHART.resolve("tests");
  static final Path DASHBOARD = ChartMonitoring.DASHBOARD;
  static final JsonMapper JSON = new JsonMapper();

  @BeforeAll
  static void toolsAreThere() {
    Helm.requireBinary();
  }

  @Test
  void theAlertsPassPromtoolsChecksAndTheirUnitTests(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("rules.yaml"), ChartMonitoring.ruleGroups());
    List<Path> tests;
    try (Stream<Path> files = Files.list(RULE_TESTS)) {
      tests = files.filter(f -> f.toString().endsWith(".test.yaml")).sorted().toList();
    }
    assertThat(tests).isNotEmpty();
    for (Path test : tests) {
      Files.copy(test, dir.resolve(test.getFileName()));
    }

    Helm.Output check = Promtool.run(dir, "check", "rules", "rules.yaml").succeeded();
    System.out.print("$ promtool check rules rules.yaml\n" + check.stdout() + check.stderr());
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    tests.forEach(t -> args.add(t.getFileName().toString()));
    Helm.Output unitTests = Promtool.run(dir, args.toArray(String[]::new));
    System.out.print("$ promtool " + String.join(" ", args) + "\n" + unitTests.stdout());
    unitTests.succeeded();
    assertThat(check.stdout()).contains("SUCCESS: " + alertNames().size() + " rules found");
  }

  @Test
  void everyAlertHasARuleTestThatFiresIt() throws IOException {
    String tests = Files.readString(RULE_TESTS.resolve("alerts.test.yaml"));
    for (String alert : alertNames()) {
      assertThat(tests)
          .as("a test in %s expecting %s to fire", RULE_TESTS, alert)
          .containsPattern("alertname: " + alert + "\\s+exp_alerts:\\s+- exp_labels:");
      assertThat(tests)
          .as("a test in %s expecting %s not to fire", RULE_TESTS, alert)
          .containsPattern("alertname: " + alert + "\\s+exp_alerts: \\[]");
    }
  }

  @Test
  void theDashboardShipsAsAConfigMapForGrafanasSidecarOnlyWhenEnabled() throws IOException {
    assertThat(
            Helm.template(ChartMonitoring.RELEASE, ChartMonitoring.NAMESPACE).all(ConfigMap.class))
        .isEmpty();

    ConfigMap dashboard =
        Helm.template(
                ChartMonitoring.RELEASE,
                ChartMonitoring.NAMESPACE,
                "--set",
                "grafanaDashboard.enabled=true",
                "--set",
                "grafanaDashboard.namespace=monitoring",
                "--set",
                "grafanaDashboard.annotations.grafana_folder=Operators")
            .one(ConfigMap.class);

    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getMetadata().getAnnotations())
        .containsEntry("grafana_folder", "Operators");
    assertThat(JSON.readTree(dashboard.getData().get("managedapi-operator.json")))
        .isEqualTo(JSON.readTree(DASHBOARD.toFile()));
  }

  @Test
  void theDashboardIsOneGrafanaCanImport() throws IOException {
    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());

    assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(39);
    assertThat(dashboard.path("uid").asText()).isEqualTo("managedapi-operator");
    List<String> variables = new ArrayList<>();
    dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
    assertThat(variables).containsExactly("datasource", "job", "namespace", "name");
    List<String> overlaps = new ArrayList<>();
    List<JsonNode> panels = new ArrayList<>();
    dashboard.path("panels").forEach(panels::add);
    for (int i = 0; i < panels.size(); i++) {
      JsonNode panel = panels.get(i);
      if (!panel.path("type").asText().equals("row")) {
        assertThat(panel.path("datasource").path("uid").asText())
            .as("panel %s queries the chosen data source", panel.path("title").asText())
            .isEqualTo("${datasource}");
        assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      }
      for (int j = i + 1; j < panels.size(); j++) {
        if (overlap(panel.path("gridPos"), panels.get(j).path("gridPos"))) {
          overlaps.add(panel.path("title").asText() + " / " + panels.get(j).path("title").asText());
        }
      }
    }
    assertThat(overlaps).as("panels drawn over each other").isEmpty();
  }

  @Test
  void everyDashboardQueryParsesAsPromQl(@TempDir Path dir) throws IOException {
    // Recording rules are the one thing promtool parses offline; each query becomes one.
    List<Map<String, Object>> rules = new ArrayList<>();
    ChartMonitoring.dashboardQueries()
        .forEach(
            (record, query) ->
                rules.add(
                    Map.of("record", record, "expr", PromQl.withGrafanaVariablesResolved(query))));
    Files.writeString(
        dir.resolve("dashboard.yaml"),
        new Yaml().dump(Map.of("groups", List.of(Map.of("name", "dashboard", "rules", rules)))));

    Helm.Output check = Promtool.run(dir, "check", "rules", "dashboard.yaml").succeeded();
    System.out.print("$ promtool check rules dashboard.yaml\n" + check.stdout());
    assertThat(check.stdout()).contains("SUCCESS: " + rules.size() + " rules found");
  }

  private static List<String> alertNames() {
    return List.copyOf(ChartMonitoring.alerts().keySet());
  }

  private static boolean overlap(JsonNode a, JsonNode b) {
    return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
        && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
        && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
        && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
  }
}
