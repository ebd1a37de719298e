package dev.managedapi.operator.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JOSDK's reconcile-duration histogram as the operator's /metrics shows it (cumulative bucket
 * counts by upper bound, summed over the controller's label sets), so that the reconciles of one
 * window can be told apart: how many ran, and how long they took.
 */
record ReconcileDurations(TreeMap<Double, Double> cumulative) {

  private static final Pattern BUCKET =
      Pattern.compile(
          "(?m)^operator_sdk_controllers_execution_reconcile_seconds_bucket\\{[^}]*le=\"([^\"]+)\""
              + "[^}]*} (\\S+)$");

  static ReconcileDurations parse(String metrics) {
    TreeMap<Double, Double> counts = new TreeMap<>();
    Matcher m = BUCKET.matcher(metrics);
    while (m.find()) {
      double bound =
          "+Inf".equals(m.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
      counts.merge(bound, Double.parseDouble(m.group(2)), Double::sum);
    }
    return new ReconcileDurations(counts);
  }

  /** The reconciles finished since {@code earlier}. */
  ReconcileDurations since(ReconcileDurations earlier) {
    TreeMap<Double, Double> counts = new TreeMap<>();
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      counts.put(
          bucket.getKey(),
          bucket.getValue() - earlier.cumulative().getOrDefault(bucket.getKey(), 0.0));
    }
    return new ReconcileDurations(counts);
  }

  long count() {
    return cumulative.isEmpty() ? 0 : Math.round(cumulative.lastEntry().getValue());
  }

  /** The upper bound of the bucket holding the given percentile, in seconds; NaN when empty. */
  double percentileBound(double percentile) {
    double wanted = count() * percentile / 100;
    for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
      if (count() > 0 && bucket.getValue() >= wanted) {
        return bucket.getKey();
      }
    }
    return Double.NaN;
  }
}
