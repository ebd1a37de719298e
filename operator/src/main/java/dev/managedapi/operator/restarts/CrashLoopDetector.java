package dev.managedapi.operator.restarts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether an API is crash-looping, at once and without waiting for a progress deadline.
 *
 * <p>It is crash-looping while any container waits in CrashLoopBackOff, or when two restarts fall
 * within the stabilization period (liveness kills and fast restarts can dodge the back-off state).
 * It stops only after a whole stabilization period without a restart; one restart inside the period
 * keeps the current verdict, so the condition does not flap.
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
    if (wasCrashLooping && recentRestarts > 0) {
      return new Verdict(true, Cause.REPEATED_RESTARTS, stableAt);
    }
    return new Verdict(false, Cause.STABLE, Optional.empty());
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
