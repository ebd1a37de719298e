package dev.managedapi.operator.restarts;

import static dev.managedapi.operator.testing.Observations.crashed;
import static dev.managedapi.operator.testing.Observations.running;
import static dev.managedapi.operator.testing.Observations.waitingFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.FailureReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureDiagnosisTest {

  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  /** A cluster that answers from fixed facts and records what it was asked. */
  static final class FixedCluster implements PodDiagnostics {
    boolean livenessKill;
    String log = "line 1\nline 2\nFATAL: cannot bind port 8080\n";
    final List<String> logRequests = new ArrayList<>();

    @Override
    public boolean killedByLivenessProbe(
        String namespace, String pod, String container, Instant since) {
      return livenessKill;
    }

    @Override
    public LogTail crashedInstanceLog(
        String namespace, String pod, String container, boolean restarted, int lines) {
      logRequests.add(
          pod + "/" + container + "/" + (restarted ? "previous" : "current") + "/" + lines);
      return LogTail.of(log);
    }
  }

  final FixedCluster cluster = new FixedCluster();
  final FailureDiagnosis diagnosis = new FailureDiagnosis(cluster);

  @Test
  void reportsTheNewestCrashWithItsExitCodeMessageAndLogTail() {
    var older = crashed("a", T0, 1, 1, "Error", T0.plusSeconds(10));
    var newer = crashed("b", T0, 2, 137, "OOMKilled", T0.plusSeconds(20));

    FailureReport report =
        diagnosis.diagnose("shop", List.of(older, newer, running("c", T0)), null, 20).orElseThrow();

    assertThat(report.pod()).isEqualTo("b");
    assertThat(report.reason()).isEqualTo("OOMKilled");
    assertThat(report.exitCode()).isEqualTo(137);
    assertThat(report.signal()).isEqualTo(9);
    assertThat(report.message()).isEqualTo("boom");
    assertThat(report.logTail()).endsWith("FATAL: cannot bind port 8080\n");
    assertThat(cluster.logRequests).containsExactly("b/api/previous/20");
    assertThat(FailureDiagnosis.oneLine(report))
        .isEqualTo(
            "Container api of pod b: OOMKilled (exit code 137, signal 9) at 2026-11-23T10:00:20Z: boom.");
  }

  @Test
  void theSameFailedInstanceIsReportedOnceSoLogsAreReadOnce() {
    var crash = crashed("a", T0, 1, 1, "Error", T0.plusSeconds(10));
    FailureReport first = diagnosis.diagnose("shop", List.of(crash), null, 20).orElseThrow();

    FailureReport second = diagnosis.diagnose("shop", List.of(crash), first, 20).orElseThrow();

    assertThat(second).isSameAs(first);
    assertThat(cluster.logRequests).hasSize(1);
  }

  @Test
  void aKillAfterFailedLivenessProbesIsNamedAsSuch() {
    cluster.livenessKill = true;

    FailureReport report =
        diagnosis
            .diagnose(
                "shop", List.of(crashed("a", T0, 1, 137, "Error", T0.plusSeconds(10))), null, 20)
            .orElseThrow();

    assertThat(report.reason()).isEqualTo(FailureDiagnosis.LIVENESS_PROBE_FAILED);
  }

  @Test
  void logCollectionCanBeSwitchedOff() {
    FailureReport report =
        diagnosis
            .diagnose("shop", List.of(crashed("a", T0, 1, 1, "Error", T0)), null, 0)
            .orElseThrow();

    assertThat(report.logTail()).isNull();
    assertThat(report.logTailUnavailable()).contains("logTailLines: 0");
    assertThat(cluster.logRequests).isEmpty();
  }

  @Test
  void anImageThatCannotBePulledIsReportedFromTheWaitingState() {
    var pulling = waitingFor("a", T0, "ImagePullBackOff", "Back-off pulling image \"orders:nope\"");

    FailureReport report = diagnosis.diagnose("shop", List.of(pulling), null, 20).orElseThrow();

    assertThat(report.reason()).isEqualTo("ImagePullBackOff");
    assertThat(report.message()).isEqualTo("Back-off pulling image \"orders:nope\"");
    assertThat(report.exitCode()).isNull();
  }

  @Test
  void longLogsKeepTheirEndAndLongMessagesTheirStart() {
    cluster.log = "x".repeat(10_000) + "the last line";
    FailureReport report =
        diagnosis
            .diagnose("shop", List.of(crashed("a", T0, 1, 1, "Error", T0)), null, 200)
            .orElseThrow();

    assertThat(report.logTail())
        .hasSizeLessThanOrEqualTo(FailureDiagnosis.MAX_LOG_BYTES + 1)
        .endsWith("the last line");
    assertThat(FailureDiagnosis.truncate("y".repeat(5000), 1024)).hasSize(1025).startsWith("yyy");
  }
}
