package dev.managedapi.operator.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The Degraded condition's message when pods' health bodies say so: how many pods, which, what they
 * report and since when. "2 of 3 pods report DEGRADED (orders-7f9c-abcde, orders-7f9c-fghij):
 * database DEGRADED since 2026-12-02T12:03:01Z."
 */
public final class DegradedMessage {

  /** Pods and components named before "and N more": a message is read in `kubectl get`. */
  static final int MAX_NAMED = 5;

  private DegradedMessage() {}

  /**
   * @param verdicts every probed pod's verdict
   * @return the message, or empty when no pod is degraded
   */
  public static Optional<String> describe(List<PodHealth> verdicts) {
    List<PodHealth> degraded =
        verdicts.stream()
            .filter(PodHealth::degraded)
            .sorted(Comparator.comparing(PodHealth::pod))
            .toList();
    if (degraded.isEmpty()) {
      return Optional.empty();
    }
    TreeSet<String> words = new TreeSet<>();
    degraded.forEach(p -> words.add(p.status()));
    String pods = named(degraded.stream().map(PodHealth::pod).toList());
    String subject =
        "%d of %d %s %s %s (%s)"
            .formatted(
                degraded.size(),
                verdicts.size(),
                verdicts.size() == 1 ? "pod" : "pods",
                degraded.size() == 1 ? "reports" : "report",
                String.join(" or ", words),
                pods);
    List<String> components = components(degraded);
    if (components.isEmpty()) {
      Instant since =
          degraded.stream().map(PodHealth::since).min(Comparator.naturalOrder()).orElseThrow();
      return Optional.of(subject + " since " + since + ".");
    }
    return Optional.of(subject + ": " + named(components) + ".");
  }

  /** Each component once, its worst word across pods, with the earliest time any pod saw it. */
  private static List<String> components(List<PodHealth> degraded) {
    Map<String, PodHealth.ComponentSince> merged = new LinkedHashMap<>();
    degraded.stream()
        .flatMap(p -> p.components().stream())
        .sorted(Comparator.comparing(PodHealth.ComponentSince::name))
        .forEach(
            c ->
                merged.merge(
                    c.name(),
                    c,
                    (a, b) ->
                        new PodHealth.ComponentSince(
                            a.name(),
                            b.level().ordinal() > a.level().ordinal() ? b.status() : a.status(),
                            a.level().worst(b.level()),
                            a.since().isBefore(b.since()) ? a.since() : b.since())));
    List<String> out = new ArrayList<>();
    for (PodHealth.ComponentSince c : merged.values()) {
      out.add("%s %s since %s".formatted(c.name(), c.status(), c.since()));
    }
    return out;
  }

  private static String named(List<String> names) {
    if (names.size() <= MAX_NAMED) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, MAX_NAMED))
        + " and %d more".formatted(names.size() - MAX_NAMED);
  }
}
