package dev.managedapi.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReconcileDurationsTest {

  private static String histogram(int underTenthOfASecond, int underOneSecond, int all) {
    String series = "operator_sdk_controllers_execution_reconcile_seconds_bucket";
    return """
        %1$s{controller="managedapi",type="reconcile",le="0.1"} %2$d
        %1$s{controller="managedapi",type="reconcile",le="1.0"} %3$d
        %1$s{controller="managedapi",type="reconcile",le="+Inf"} %4$d
        operator_sdk_controllers_execution_reconcile_seconds_count{controller="managedapi"} %4$d
        """
        .formatted(series, underTenthOfASecond, underOneSecond, all);
  }

  @Test
  void theWindowsReconcilesAndTheirPercentilesComeFromTheDifferenceOfTwoScrapes() {
    ReconcileDurations before = ReconcileDurations.parse(histogram(50, 60, 60));
    ReconcileDurations after = ReconcileDurations.parse(histogram(60, 150, 160));

    ReconcileDurations window = after.since(before);

    assertThat(window.count()).isEqualTo(100);
    assertThat(window.percentileBound(10)).isEqualTo(0.1);
    assertThat(window.percentileBound(50)).isEqualTo(1.0);
    assertThat(window.percentileBound(99)).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void noReconcilesHaveNoPercentile() {
    ReconcileDurations none = ReconcileDurations.parse("");

    assertThat(none.count()).isZero();
    assertThat(none.percentileBound(50)).isNaN();
  }
}
