package dev.managedapi.operator.restarts;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides whether an API is crash-looping, at once and without waiting for a progress deadline.
 *
 * <p>It is crash-looping while any container waits in CrashLoopBackOff, or when two restarts fall
 * within the stabilization period (liveness kills and fast restarts can dodge the back-off state).
 * It stops only after a whole stabilization period without a restart, and only once every restarted
 * container has also run for a whole period: a kubelet's back-off (10 s doubling to 5 min) can
 * outlast the period, and the time a container spends waiting to be restarted proves nothing. One
 * restart inside the period keeps the current verdict, so the condition does not flap.
 */
public final class CrashLoopDetector {

  static final int REPEATED_RESTARTS = 2;

  private CrashLoopDetector() {}

  public static Verdict evaluate(
      List<ContainerObservation> observations,
      RestartLedger ledger,
      boolean wasCrashLooping,
      Instant now,
      Duration stabilization) {
    int recentRestarts = ledger.countInWindow(now, stabilization);
    Optional<Instant> stableAt = ledger.latestRestart().map(latest -> latest.plus(stabilization));

    Optional<ContainerObservation> backingOff =
        observations.stream().filter(ContainerObservation::inCrashLoopBackOff).findFirst();
    if (backingOff.isPresent()) {
      return new Verdict(true, Cause.BACK_OFF, stableAt.filter(now::isBefore));
    }
    if (recentRestarts >= REPEATED_RESTARTS) {
      return new Verdict(true, Cause.REPEATED_RESTARTS, stableAt);
    }
    Optional<Instant> provenAt = restartedInstancesProvenAt(observations, stabilization);
    boolean unproven = provenAt.filter(now::isBefore).isPresent();
    if (wasCrashLooping && (recentRestarts > 0 || unproven)) {
      return new Verdict(true, Cause.REPEATED_RESTARTS, latest(stableAt, provenAt));
    }
    return new Verdict(false, Cause.STABLE, Optional.empty());
  }

  /** When the most recently restarted container will have run for a whole stabilization period. */
  private static Optional<Instant> restartedInstancesProvenAt(
      List<ContainerObservation> observations, Duration stabilization) {
    return observations.stream()
        .filter(o -> o.restartCount() > 0)
        .flatMap(o -> o.runningSince().stream())
        .max(Comparator.naturalOrder())
        .map(since -> since.plus(stabilization));
  }

  private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
    return Stream.concat(a.stream(), b.stream()).max(Comparator.naturalOrder());
  }

  /** Why the verdict is what it is. */
  public enum Cause {
    BACK_OFF,
    REPEATED_RESTARTS,
    STABLE
  }

  /**
   * @param reevaluateAt when the verdict may change by the passing of time alone
   */
  public record Verdict(boolean crashLooping, Cause cause, Optional<Instant> reevaluateAt) {}
}
