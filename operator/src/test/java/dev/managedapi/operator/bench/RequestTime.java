package dev.managedapi.operator.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The API server's time on one kind of request ("VERB resource"), from its duration histogram. */
record RequestTime(double seconds, double count) {

  RequestTime minus(RequestTime earlier) {
    return new RequestTime(seconds - earlier.seconds, count - earlier.count);
  }

  /** What each kind cost between two readings of the histogram. */
  static Map<String, RequestTime> since(
      Map<String, RequestTime> before, Map<String, RequestTime> after) {
    Map<String, RequestTime> spent = new TreeMap<>();
    after.forEach(
        (kind, time) ->
            spent.put(kind, time.minus(before.getOrDefault(kind, new RequestTime(0, 0)))));
    return spent;
  }

  /**
   * The six kinds the API server spent most time on, watches aside, as "KIND 12.3 s / 456 = 27 ms".
   */
  static String busiest(Map<String, RequestTime> spent) {
    return spent.entrySet().stream()
        .filter(e -> e.getValue().seconds() > 0)
        // A watch is recorded when it ends, with all its minutes open: no request's cost.
        .filter(e -> !e.getKey().startsWith("WATCH "))
        .sorted(
            Map.Entry.<String, RequestTime>comparingByValue(
                    java.util.Comparator.comparingDouble(RequestTime::seconds))
                .reversed())
        .limit(6)
        .map(
            e ->
                "%s %.1f s / %.0f = %.0f ms"
                    .formatted(
                        e.getKey(),
                        e.getValue().seconds(),
                        e.getValue().count(),
                        1000 * e.getValue().seconds() / e.getValue().count()))
        .collect(Collectors.joining("; "));
  }
}
