package dev.managedapi.operator.restarts;

import java.time.Instant;

/** What the cluster can tell about a failed container beyond its status: events and logs. */
public interface PodDiagnostics {

  /**
   * Whether the kubelet killed the container for failing its liveness probe after {@code since}.
   */
  boolean killedByLivenessProbe(String namespace, String pod, String container, Instant since);

  /**
   * The last lines of the crashed instance's log: the previous instance's (`kubectl logs
   * --previous`) once the kubelet has restarted the container, else the current one's.
   */
  LogTail crashedInstanceLog(
      String namespace, String pod, String container, boolean restarted, int lines);

  /** A log excerpt, or why there is none. */
  record LogTail(String text, String unavailableReason) {
    public static LogTail of(String text) {
      return new LogTail(text, null);
    }

    public static LogTail unavailable(String reason) {
      return new LogTail(null, reason);
    }
  }
}
