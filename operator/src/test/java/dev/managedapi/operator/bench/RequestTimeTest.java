package dev.managedapi.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestTimeTest {

  @Test
  void ranksRequestsByTotalTimeLeavingWatchesOutAndDividesEachByItsOwnCount() {
    Map<String, RequestTime> spent =
        Map.of(
            "APPLY managedapis/status", new RequestTime(40.0, 200),
            "POST events", new RequestTime(60.0, 300),
            "GET leases", new RequestTime(0.0, 10),
            "WATCH pods", new RequestTime(900.0, 3));

    assertThat(RequestTime.busiest(spent))
        .isEqualTo(
            "POST events 60.0 s / 300 = 200 ms; APPLY managedapis/status 40.0 s / 200 = 200 ms");
  }

  @Test
  void countsOnlyWhatWasSpentBetweenTheTwoReadings() {
    Map<String, RequestTime> before = Map.of("LIST events", new RequestTime(10.0, 20));
    Map<String, RequestTime> after =
        Map.of("LIST events", new RequestTime(70.0, 80), "POST events", new RequestTime(3.0, 6));

    assertThat(RequestTime.since(before, after))
        .containsEntry("LIST events", new RequestTime(60.0, 60))
        .containsEntry("POST events", new RequestTime(3.0, 6));
  }
}
