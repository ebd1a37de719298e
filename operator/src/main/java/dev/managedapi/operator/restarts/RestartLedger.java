package dev.managedapi.operator.restarts;

import dev.managedapi.operator.api.v1alpha1.ContainerRestartRecord;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetStatus;
import dev.managedapi.operator.restarts.ContainerObservation.ContainerKey;
import dev.managedapi.operator.restarts.ContainerObservation.Termination;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts container restarts in a sliding window, exactly once each.
 *
 * <p>The kubelet only reports a running total per container instance (restartCount). The ledger
 * remembers the last total it saw per pod UID and container, and turns increases into timestamped
 * restarts. It is immutable and round-trips through {@link RestartBudgetStatus}, so the count
 * survives operator restarts. It stays bounded: counters only for containers that exist now, and
 * only the newest {@code cap} restart times inside the window. Keeping {@code maxRestarts + 1} is
 * enough to decide exhaustion exactly: if more than that many restarts lie in the window, the
 * newest {@code maxRestarts + 1} all do.
 */
public final class RestartLedger {

  private final Map<ContainerKey, Counter> counters;
  private final List<Instant> restarts;

  private RestartLedger(Map<ContainerKey, Counter> counters, List<Instant> restarts) {
    this.counters = Collections.unmodifiableMap(counters);
    this.restarts = List.copyOf(restarts);
  }

  public static RestartLedger empty() {
    return new RestartLedger(Map.of(), List.of());
  }

  public static RestartLedger fromStatus(RestartBudgetStatus status) {
    if (status == null) {
      return empty();
    }
    Map<ContainerKey, Counter> counters = new LinkedHashMap<>();
    Optional.ofNullable(status.containers())
        .orElse(List.of())
        .forEach(
            record ->
                counters.put(
                    new ContainerKey(
                        record.podUID(), record.container(), Boolean.TRUE.equals(record.init())),
                    new Counter(record.pod(), record.restartCount())));
    List<Instant> restarts =
        Optional.ofNullable(status.recentRestarts()).orElse(List.of()).stream()
            .map(Instant::parse)
            .sorted()
            .toList();
    return new RestartLedger(counters, restarts);
  }

  /**
   * Folds in what the kubelet reports now.
   *
   * @param observations every container of every pod the ManagedApi has now
   * @param cap how many restart times to keep at most
   */
  public Update record(
      List<ContainerObservation> observations, Instant now, Duration window, int cap) {
    Map<ContainerKey, Counter> nextCounters = new LinkedHashMap<>();
    List<Instant> nextRestarts = new ArrayList<>(restarts);
    List<NewRestart> newRestarts = new ArrayList<>();
    for (ContainerObservation observation : observations) {
      int added = restartsSinceLastSeen(observation, now, window);
      if (added > 0) {
        Instant when = restartTime(observation, now);
        for (int i = 0; i < added; i++) {
          nextRestarts.add(when);
        }
        newRestarts.add(new NewRestart(observation, added));
      }
      nextCounters.put(
          observation.key(), new Counter(observation.podName(), observation.restartCount()));
    }
    // Counters of pods that are gone are dropped: a UID never comes back, so nothing can be
    // counted twice, and the restarts they contributed stay in the window below.
    return new Update(
        new RestartLedger(nextCounters, trim(nextRestarts, now, window, cap)), newRestarts);
  }

  private int restartsSinceLastSeen(
      ContainerObservation observation, Instant now, Duration window) {
    Counter seen = counters.get(observation.key());
    if (seen == null) {
      return restartsOfNewlySeenContainer(observation, now, window);
    }
    if (observation.restartCount() >= seen.restartCount()) {
      return observation.restartCount() - seen.restartCount();
    }
    // The counter went backwards (the kubelet lost its state): everything since is new.
    return observation.restartCount();
  }

  /**
   * A container the ledger has never seen. If its pod was created inside the window, all of its
   * restarts are too. Otherwise only the last one can be dated, by its finishedAt.
   */
  private static int restartsOfNewlySeenContainer(
      ContainerObservation observation, Instant now, Duration window) {
    if (observation.restartCount() == 0) {
      return 0;
    }
    if (observation.podCreatedAt() != null && inWindow(observation.podCreatedAt(), now, window)) {
      return observation.restartCount();
    }
    return observation
        .lastTermination()
        .map(Termination::finishedAt)
        .filter(finished -> inWindow(finished, now, window))
        .map(finished -> 1)
        .orElse(0);
  }

  /**
   * When the newest restart happened: the crashed instance's finishedAt. Several restarts seen at
   * once share it; dating them late keeps them in the window longer, never shorter.
   */
  private static Instant restartTime(ContainerObservation observation, Instant now) {
    return observation
        .lastTermination()
        .map(Termination::finishedAt)
        .filter(finished -> !finished.isAfter(now))
        .orElse(now);
  }

  private static List<Instant> trim(List<Instant> times, Instant now, Duration window, int cap) {
    List<Instant> inWindow = times.stream().filter(t -> inWindow(t, now, window)).sorted().toList();
    return inWindow.subList(Math.max(0, inWindow.size() - cap), inWindow.size());
  }

  /** A restart at {@code t} counts until exactly {@code t + window}. */
  static boolean inWindow(Instant t, Instant now, Duration window) {
    return now.isBefore(t.plus(window));
  }

  public int countInWindow(Instant now, Duration window) {
    return (int) restarts.stream().filter(t -> inWindow(t, now, window)).count();
  }

  public Optional<Instant> latestRestart() {
    return restarts.isEmpty() ? Optional.empty() : Optional.of(restarts.getLast());
  }

  /** When the count will next drop by itself: the oldest restart leaving the window. */
  public Optional<Instant> nextExpiry(Instant now, Duration window) {
    return restarts.stream()
        .filter(t -> inWindow(t, now, window))
        .findFirst()
        .map(t -> t.plus(window));
  }

  /** The same counters with no restarts: a fresh window, after a rollback or a new spec. */
  public RestartLedger withoutRestarts() {
    return new RestartLedger(new LinkedHashMap<>(counters), List.of());
  }

  public List<Instant> restarts() {
    return restarts;
  }

  public RestartBudgetStatus toStatus(
      Instant now, Duration window, String windowText, int maxRestarts) {
    int inWindow = countInWindow(now, window);
    List<ContainerRestartRecord> records =
        counters.entrySet().stream()
            .map(
                e ->
                    new ContainerRestartRecord(
                        e.getKey().podUid(),
                        e.getValue().podName(),
                        e.getKey().container(),
                        e.getKey().init() ? Boolean.TRUE : null,
                        e.getValue().restartCount()))
            .toList();
    return new RestartBudgetStatus(
        inWindow,
        maxRestarts,
        windowText,
        Math.max(0, maxRestarts - inWindow),
        restarts.stream().map(Instant::toString).toList(),
        records);
  }

  /** The ledger after an observation, and which containers restarted since the previous one. */
  public record Update(RestartLedger ledger, List<NewRestart> newRestarts) {}

  /** A container that restarted {@code count} times since the ledger last saw it. */
  public record NewRestart(ContainerObservation observation, int count) {}

  private record Counter(String podName, int restartCount) {}
}
