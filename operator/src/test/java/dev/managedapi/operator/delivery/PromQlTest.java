package dev.managedapi.operator.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which names of an expression are metrics: what the metric-name check compares with /metrics. */
class PromQlTest {

  @Test
  void metricsAreTheSelectorsNotTheFunctionsLabelsOrKeywords() {
    assertThat(
            PromQl.metricNames(
                """
                max by (namespace, name) (managedapi_restart_budget_exhausted{job="x"}) == 1
                unless on (namespace, name)
                max by (namespace, name) (managedapi_rolled_back offset 5m) == bool 1"""))
        .containsExactly("managedapi_restart_budget_exhausted", "managedapi_rolled_back");
  }

  @Test
  void rangesStringsAndNumbersAreNotNames() {
    assertThat(
            PromQl.metricNames(
                "histogram_quantile(0.99, sum by (le) (rate(a_seconds_bucket{pod=~\"$pod\"}[$__rate_interval])))"
                    + " / 1e3 > on () group_left (x) label_replace(b_total, \"d\", \"$1\", \"s\", \"(.*)\")"))
        .containsExactly("a_seconds_bucket", "b_total");
  }

  @Test
  void grafanaLabelValuesQueriesNameTheirMetric() {
    assertThat(
            PromQl.metricNames("label_values(managedapi_ready{namespace=~\"$namespace\"}, name)"))
        .containsExactly("managedapi_ready");
    assertThat(PromQl.metricNames("label_values(managedapi_operator_leader, job)"))
        .containsExactly("managedapi_operator_leader");
  }

  @Test
  void grafanaIntervalsBecomeDurationsPromtoolParses() {
    assertThat(PromQl.withGrafanaVariablesResolved("rate(x_total{a=\"$a\"}[$__rate_interval])"))
        .isEqualTo("rate(x_total{a=\"$a\"}[2m])");
  }
}
