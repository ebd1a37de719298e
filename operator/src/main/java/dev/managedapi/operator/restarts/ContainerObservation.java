package dev.managedapi.operator.restarts;

import java.time.Instant;
import java.util.Optional;

/**
 * One container of one pod as the kubelet last reported it: the facts restart counting and failure
 * diagnosis need, lifted out of the pod status once. {@code runningSince} is when the current
 * instance started ({@code state.running.startedAt}), absent unless it is running.
 */
public record ContainerObservation(
    String podUid,
    String podName,
    Instant podCreatedAt,
    String templateHash,
    String container,
    boolean init,
    int restartCount,
    boolean ready,
    Optional<Termination> lastTermination,
    Optional<Waiting> waiting,
    Optional<Instant> runningSince) {

  /**
   * A finished container instance: {@code state.terminated} while the kubelet has not restarted it
   * yet ({@code current} true), else {@code lastState.terminated}.
   */
  public record Termination(
      Integer exitCode,
      Integer signal,
      String reason,
      String message,
      Instant startedAt,
      Instant finishedAt,
      boolean current) {}

  /** Why a container is not running: {@code state.waiting}. */
  public record Waiting(String reason, String message) {}

  public static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";

  public boolean inCrashLoopBackOff() {
    return waiting.map(w -> CRASH_LOOP_BACK_OFF.equals(w.reason())).orElse(false);
  }

  public ContainerKey key() {
    return new ContainerKey(podUid, container, init);
  }

  /** Identity of a container across observations; a replaced pod has a new UID. */
  public record ContainerKey(String podUid, String container, boolean init) {}
}
