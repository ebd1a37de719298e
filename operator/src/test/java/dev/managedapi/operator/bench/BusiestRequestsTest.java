package dev.managedapi.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BusiestRequestsTest {

  @Test
  void ranksRequestsByTotalTimeLeavingWatchesOutAndDividesEachByItsOwnCount() {
    Map<String, Double> seconds =
        Map.of(
            "APPLY managedapis/status", 40.0,
            "APPLY managedapis/status count", 200.0,
            "POST events", 60.0,
            "POST events count", 300.0,
            "GET leases", 0.0,
            "GET leases count", 10.0,
            "WATCH pods", 900.0,
            "WATCH pods count", 3.0);

    assertThat(CrashStorm.busiest(seconds))
        .isEqualTo(
            "POST events 60.0 s / 300 = 200 ms; APPLY managedapis/status 40.0 s / 200 = 200 ms");
  }
}
