package dev.managedapi.operator.restarts;

import dev.managedapi.operator.api.v1alpha1.FailureReport;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.restarts.ContainerObservation.Termination;
import dev.managedapi.operator.restarts.ContainerObservation.Waiting;
import dev.managedapi.operator.restarts.PodDiagnostics.LogTail;
import dev.managedapi.operator.restarts.PodDiagnostics.ProbeKill;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Finds the root cause of the most recent container failure and writes it up for status: reason,
 * exit code, signal, termination message and the tail of the crashed instance's log.
 */
public final class FailureDiagnosis {

  // Characters, not bytes: the CRD's "1 KiB" and "4 KiB" hold for ASCII, which logs mostly are.
  static final int MAX_MESSAGE_CHARS = 1024;
  static final int MAX_LOG_CHARS = 4096;
  public static final String LIVENESS_PROBE_FAILED = "LivenessProbeFailed";
  public static final String STARTUP_PROBE_FAILED = "StartupProbeFailed";

  /** Exit reasons of containers that never ran, so no probe can have killed them. */
  static final Set<String> NEVER_RAN = Set.of("StartError", "ContainerCannotRun");

  /** Waiting reasons that mean the container cannot even start: no termination to report. */
  static final Set<String> START_FAILURES =
      Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "ErrImageNeverPull",
          "CreateContainerConfigError",
          "CreateContainerError",
          "RunContainerError");

  private final PodDiagnostics diagnostics;
  private final LogReads logs;

  /** Reads events through {@code diagnostics}, and logs through {@code logs}. */
  public FailureDiagnosis(PodDiagnostics diagnostics, LogReads logs) {
    this.diagnostics = diagnostics;
    this.logs = logs;
  }

  /** What reconciles a ManagedApi again when a log its report waits for has arrived. */
  public io.javaoperatorsdk.operator.processing.event.source.EventSource<?, ManagedApi>
      eventSource() {
    return new LogArrivalEventSource(logs);
  }

  /**
   * The first container that cannot start, in observation order (pods by name, then their
   * containers); empty when every container got going. No ranking among the waiting reasons: any of
   * them means the same to the user, the container never ran.
   */
  public static Optional<ContainerObservation> startFailure(
      List<ContainerObservation> observations) {
    return observations.stream()
        .filter(o -> o.waiting().map(w -> START_FAILURES.contains(w.reason())).orElse(false))
        .findFirst();
  }

  /**
   * The report for the newest failure, reusing {@code previous} when it describes the same failed
   * instance, so logs and events are fetched once per failure, not once per reconcile. A new report
   * carries {@code changesOfRevision} of the failed pod's template hash, what that template changed
   * since the last healthy revision; a reused one keeps what it said when the failure happened. A
   * report whose log was still on its way gets it once it is here ({@link LogReads}).
   */
  public Optional<FailureReport> diagnose(
      ResourceID owner,
      List<ContainerObservation> observations,
      FailureReport previous,
      int logTailLines,
      Function<String, List<String>> changesOfRevision) {
    Optional<ContainerObservation> cannotStart = startFailure(observations);
    if (cannotStart.isPresent()) {
      return cannotStart.map(
          o ->
              startFailureReport(o)
                  .withChangesSinceHealthy(changesOfRevision.apply(o.templateHash())));
    }
    Optional<ContainerObservation> crashed =
        observations.stream()
            .filter(o -> o.lastTermination().map(t -> t.finishedAt() != null).orElse(false))
            .filter(o -> o.restartCount() > 0 || o.lastTermination().get().exitCode() != 0)
            .max(Comparator.comparing(o -> o.lastTermination().get().finishedAt()));
    if (crashed.isEmpty()) {
      return Optional.ofNullable(previous);
    }
    ContainerObservation observation = crashed.get();
    if (describesSameInstance(previous, observation)) {
      if (!LogReads.PENDING.equals(previous.logTailUnavailable())) {
        return Optional.of(previous);
      }
      LogTail log = log(owner, observation, logTailLines);
      return Optional.of(previous.withLog(log.text(), log.unavailableReason()));
    }
    return Optional.of(
        crashReport(owner, observation, logTailLines)
            .withChangesSinceHealthy(changesOfRevision.apply(observation.templateHash())));
  }

  private static boolean describesSameInstance(FailureReport report, ContainerObservation o) {
    return report != null
        && Objects.equals(report.pod(), o.podName())
        && Objects.equals(report.container(), o.container())
        && Objects.equals(report.finishedAt(), o.lastTermination().get().finishedAt().toString());
  }

  private FailureReport crashReport(ResourceID owner, ContainerObservation o, int logTailLines) {
    Termination termination = o.lastTermination().orElseThrow();
    String exitReason = termination.reason() == null ? "Error" : termination.reason();
    // The log is on its way while the events are read: on a busy API server the pass then holds
    // its thread for the longer of the two reads, not both, and the log is more often here in time
    // to go into the same status write.
    if (logTailLines > 0) {
      logs.begin(owner, instance(owner, o), !termination.current(), logTailLines);
    }
    Optional<ProbeKill> probeKill =
        NEVER_RAN.contains(exitReason)
            ? Optional.empty()
            : diagnostics.probeKill(
                owner.getNamespace().orElseThrow(),
                o.podName(),
                o.container(),
                termination.startedAt());
    LogTail log = log(owner, o, logTailLines);
    return new FailureReport(
        o.podName(),
        o.container(),
        probeKill.map(FailureDiagnosis::probeReason).orElse(exitReason),
        termination.exitCode(),
        signal(termination),
        truncate(
            probeKill
                .map(kill -> probeKillMessage(kill, exitReason, termination.message()))
                .orElse(termination.message()),
            MAX_MESSAGE_CHARS),
        termination.finishedAt().toString(),
        o.restartCount(),
        log.text(),
        log.unavailableReason(),
        null);
  }

  /** The crashed instance's log as the report holds it: at most 4 KiB, or why there is none. */
  private LogTail log(ResourceID owner, ContainerObservation o, int logTailLines) {
    if (logTailLines <= 0) {
      return LogTail.unavailable("log collection is off (spec.diagnostics.logTailLines: 0)");
    }
    Termination termination = o.lastTermination().orElseThrow();
    LogTail tail = logs.tail(owner, instance(owner, o), !termination.current(), logTailLines);
    return new LogTail(tail(tail.text(), MAX_LOG_CHARS), tail.unavailableReason());
  }

  private static LogReads.Instance instance(ResourceID owner, ContainerObservation o) {
    return new LogReads.Instance(
        owner.getNamespace().orElseThrow(),
        o.podName(),
        o.container(),
        o.lastTermination().orElseThrow().finishedAt().toString());
  }

  private static FailureReport startFailureReport(ContainerObservation o) {
    Waiting waiting = o.waiting().orElseThrow();
    return new FailureReport(
        o.podName(),
        o.container(),
        waiting.reason(),
        null,
        null,
        truncate(waiting.message(), MAX_MESSAGE_CHARS),
        null,
        o.restartCount(),
        null,
        "the container never started",
        null);
  }

  /**
   * A container the kubelet killed for failing a probe looks like any other exit: 0 (Completed)
   * when it shuts down cleanly on SIGTERM, 143, 137 after the grace period, or OOMKilled when
   * stopping takes more memory than running (seen on a real node with api-service in 256Mi). Only
   * the kubelet's events tell, so they are read for every exit of a container that ran, and the
   * kill is the cause whatever the exit.
   */
  private static String probeReason(ProbeKill kill) {
    return "startup".equals(kill.probe()) ? STARTUP_PROBE_FAILED : LIVENESS_PROBE_FAILED;
  }

  /** The kubelet's word on the probe first, then how the container ended and what it wrote. */
  private static String probeKillMessage(ProbeKill kill, String exitReason, String written) {
    StringBuilder message = new StringBuilder(kill.failure());
    if (!"Error".equals(exitReason) && !"Completed".equals(exitReason)) {
      message.append("; the container then ended ").append(exitReason);
    }
    if (written != null && !written.isBlank()) {
      message.append('\n').append(written.strip());
    }
    return message.toString();
  }

  /** Container runtimes seldom fill in the signal; an exit code above 128 is 128 + signal. */
  static Integer signal(Termination termination) {
    if (termination.signal() != null && termination.signal() != 0) {
      return termination.signal();
    }
    Integer exitCode = termination.exitCode();
    return exitCode != null && exitCode > 128 && exitCode <= 128 + 64 ? exitCode - 128 : null;
  }

  static String truncate(String text, int maxChars) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String trimmed = text.strip();
    return trimmed.length() <= maxChars ? trimmed : trimmed.substring(0, maxChars) + "…";
  }

  /** Keeps the end of a log: the last lines before a crash are the ones that explain it. */
  static String tail(String text, int maxChars) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    return text.length() <= maxChars ? text : "…" + text.substring(text.length() - maxChars);
  }

  /** The cause on one line, for condition messages and events. */
  public static String oneLine(FailureReport report) {
    StringBuilder line =
        new StringBuilder("Container ")
            .append(report.container())
            .append(" of pod ")
            .append(report.pod())
            .append(": ")
            .append(report.reason());
    if (report.exitCode() != null) {
      line.append(" (exit code ").append(report.exitCode());
      if (report.signal() != null) {
        line.append(", signal ").append(report.signal());
      }
      line.append(')');
    }
    if (report.finishedAt() != null) {
      line.append(" at ").append(report.finishedAt());
    }
    if (report.message() != null) {
      String firstLine = report.message().lines().findFirst().orElse("").strip();
      line.append(": ")
          .append(firstLine.length() > 200 ? firstLine.substring(0, 200) + "…" : firstLine);
    }
    line.append('.');
    if (report.changesSinceHealthy() != null && !report.changesSinceHealthy().isEmpty()) {
      line.append(" Changed since the last healthy revision: ")
          .append(String.join("; ", report.changesSinceHealthy()))
          .append('.');
    }
    return line.toString();
  }
}
