package dev.managedapi.operator.testing;

import dev.managedapi.operator.restarts.ContainerObservation;
import dev.managedapi.operator.restarts.ContainerObservation.Termination;
import dev.managedapi.operator.restarts.ContainerObservation.Waiting;
import java.time.Instant;
import java.util.Optional;

/** Container observations for unit tests, built the way PodObserver reads a kubelet's report. */
public final class Observations {

  private Observations() {}

  public static ContainerObservation running(String pod, Instant createdAt) {
    return new ContainerObservation(
        "uid-" + pod,
        pod,
        createdAt,
        "hash",
        "api",
        false,
        0,
        true,
        Optional.empty(),
        Optional.empty(),
        Optional.of(createdAt));
  }

  /**
   * A container that crashed {@code restarts} times, the last instance ending at {@code
   * finishedAt}.
   */
  public static ContainerObservation crashed(
      String pod,
      Instant createdAt,
      int restarts,
      int exitCode,
      String reason,
      Instant finishedAt) {
    return new ContainerObservation(
        "uid-" + pod,
        pod,
        createdAt,
        "hash",
        "api",
        false,
        restarts,
        false,
        Optional.of(
            new Termination(
                exitCode, null, reason, "boom", finishedAt.minusSeconds(5), finishedAt, false)),
        Optional.of(new Waiting(ContainerObservation.CRASH_LOOP_BACK_OFF, "back-off 10s")),
        Optional.empty());
  }

  /** The same container restarted at once after its last crash (restartCount unchanged). */
  public static ContainerObservation restartedAndRunning(
      String pod, Instant createdAt, int restarts, Instant lastFinishedAt) {
    return restartedAndRunning(pod, createdAt, restarts, lastFinishedAt, lastFinishedAt);
  }

  /** The same container running again since {@code runningSince}, after a back-off. */
  public static ContainerObservation restartedAndRunning(
      String pod, Instant createdAt, int restarts, Instant lastFinishedAt, Instant runningSince) {
    return new ContainerObservation(
        "uid-" + pod,
        pod,
        createdAt,
        "hash",
        "api",
        false,
        restarts,
        true,
        Optional.of(
            new Termination(
                1, null, "Error", "boom", lastFinishedAt.minusSeconds(5), lastFinishedAt, false)),
        Optional.empty(),
        Optional.of(runningSince));
  }

  public static ContainerObservation withContainer(
      ContainerObservation o, String container, boolean init) {
    return new ContainerObservation(
        o.podUid(),
        o.podName(),
        o.podCreatedAt(),
        o.templateHash(),
        container,
        init,
        o.restartCount(),
        o.ready(),
        o.lastTermination(),
        o.waiting(),
        o.runningSince());
  }

  public static ContainerObservation waitingFor(
      String pod, Instant createdAt, String reason, String message) {
    return new ContainerObservation(
        "uid-" + pod,
        pod,
        createdAt,
        "hash",
        "api",
        false,
        0,
        false,
        Optional.empty(),
        Optional.of(new Waiting(reason, message)),
        Optional.empty());
  }
}
