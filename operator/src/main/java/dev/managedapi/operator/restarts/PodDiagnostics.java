package dev.managedapi.operator.restarts;

import java.time.Instant;
import java.util.Optional;

/** What the cluster can tell about a failed container beyond its status: events and logs. */
public interface PodDiagnostics {

  /**
   * Whether the kubelet killed the container for failing its liveness or startup probe after {@code
   * since}, and what it said about the probe.
   */
  Optional<ProbeKill> probeKill(String namespace, String pod, String container, Instant since);

  /**
   * A kill by the kubelet after failed probes.
   *
   * @param probe "liveness" or "startup", as the kubelet names it
   * @param failure the kubelet's last word on the probe, such as "Liveness probe failed: HTTP probe
   *     failed with statuscode: 503", or its kill message when it recorded no probe failure
   */
  record ProbeKill(String probe, String failure) {}

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
