package dev.managedapi.operator.restarts;

import static dev.managedapi.operator.testing.Observations.crashed;
import static dev.managedapi.operator.testing.Observations.running;
import static dev.managedapi.operator.testing.Observations.waitingFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.FailureReport;
import dev.managedapi.operator.restarts.PodDiagnostics.ProbeKill;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureDiagnosisTest {

  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC);

  /** A cluster that answers from fixed facts and records what it was asked. */
  static class FixedCluster implements PodDiagnostics {
    Optional<ProbeKill> probeKill = Optional.empty();
    final List<String> eventRequests = new ArrayList<>();
    String log = "line 1\nline 2\nFATAL: cannot bind port 8080\n";
    final List<String> logRequests = new ArrayList<>();

    @Override
    public Optional<ProbeKill> probeKill(
        String namespace, String pod, String container, Instant since) {
      eventRequests.add(pod + "/" + container + "/" + since);
      return probeKill;
    }

    @Override
    public LogTail crashedInstanceLog(
        String namespace, String pod, String container, boolean restarted, int lines) {
      logRequests.add(
          pod + "/" + container + "/" + (restarted ? "previous" : "current") + "/" + lines);
      try {
        kubeletAnswers.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return LogTail.of(log);
    }

    /** Counted down when the kubelet answers: at once, unless a test holds it back. */
    java.util.concurrent.CountDownLatch kubeletAnswers = new java.util.concurrent.CountDownLatch(0);
  }

  static final ResourceID OWNER = new ResourceID("orders", "shop");
  final FixedCluster cluster = new FixedCluster();
  final FailureDiagnosis diagnosis =
      new FailureDiagnosis(cluster, new LogReads(cluster, Runnable::run, Duration.ZERO, CLOCK));

  @Test
  void reportsTheNewestCrashWithItsExitCodeMessageAndLogTail() {
    var older = crashed("a", T0, 1, 1, "Error", T0.plusSeconds(10));
    var newer = crashed("b", T0, 2, 137, "OOMKilled", T0.plusSeconds(20));

    FailureReport report =
        diagnosis
            .diagnose(OWNER, List.of(older, newer, running("c", T0)), null, 20, hash -> List.of())
            .orElseThrow();

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
  void aNewFailureCarriesWhatChangedSinceTheHealthyRevisionAndKeepsIt() {
    var crash = crashed("a", T0, 1, 1, "Error", T0.plusSeconds(10));
    List<String> release = List.of("image 1.4.2 → 1.5.0", "env FEATURE_X=true added");

    FailureReport first =
        diagnosis
            .diagnose(
                OWNER, List.of(crash), null, 20, hash -> hash.equals("hash") ? release : List.of())
            .orElseThrow();
    // Later passes compare with whatever is healthy by then; the report keeps what it said.
    FailureReport later =
        diagnosis.diagnose(OWNER, List.of(crash), first, 20, hash -> List.of()).orElseThrow();

    assertThat(first.changesSinceHealthy())
        .as("the changes of the failed pod's own revision")
        .isEqualTo(release);
    assertThat(later.changesSinceHealthy()).isEqualTo(release);
    assertThat(FailureDiagnosis.oneLine(first))
        .endsWith(
            ": boom. Changed since the last healthy revision: image 1.4.2 → 1.5.0; env"
                + " FEATURE_X=true added.");
  }

  @Test
  void noChangesLeaveTheFieldOut() {
    var crash = crashed("a", T0, 1, 1, "Error", T0.plusSeconds(10));

    FailureReport report =
        diagnosis.diagnose(OWNER, List.of(crash), null, 20, hash -> List.of()).orElseThrow();

    assertThat(report.changesSinceHealthy()).isNull();
    assertThat(FailureDiagnosis.oneLine(report)).doesNotContain("Changed since");
  }

  @Test
  void theSameFailedInstanceIsReportedOnceSoLogsAreReadOnce() {
    var crash = crashed("a", T0, 1, 1, "Error", T0.plusSeconds(10));
    FailureReport first =
        diagnosis.diagnose(OWNER, List.of(crash), null, 20, hash -> List.of()).orElseThrow();

    FailureReport second =
        diagnosis.diagnose(OWNER, List.of(crash), first, 20, hash -> List.of()).orElseThrow();

    assertThat(second).isSameAs(first);
    assertThat(cluster.logRequests).hasSize(1);
  }

  @Test
  void aSlowKubeletDelaysTheLogNotTheReportWhichGetsTheLogWhenItArrives() throws Exception {
    cluster.kubeletAnswers = new java.util.concurrent.CountDownLatch(1);
    var readers = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      var logs = new LogReads(cluster, readers, Duration.ofMillis(50), CLOCK);
      var arrivals = new java.util.concurrent.CopyOnWriteArrayList<ResourceID>();
      logs.onArrival(arrivals::add);
      var slow = new FailureDiagnosis(cluster, logs);
      var crash = crashed("a", T0, 1, 137, "OOMKilled", T0.plusSeconds(10));

      FailureReport first =
          slow.diagnose(OWNER, List.of(crash), null, 20, hash -> List.of()).orElseThrow();
      FailureReport stillWaiting =
          slow.diagnose(OWNER, List.of(crash), first, 20, hash -> List.of()).orElseThrow();
      cluster.kubeletAnswers.countDown();
      org.awaitility.Awaitility.await().until(() -> arrivals.contains(OWNER));
      FailureReport completed =
          slow.diagnose(OWNER, List.of(crash), stillWaiting, 20, hash -> List.of()).orElseThrow();

      assertThat(first.reason()).as("reported without the log").isEqualTo("OOMKilled");
      assertThat(first.exitCode()).isEqualTo(137);
      assertThat(first.logTail()).isNull();
      assertThat(first.logTailUnavailable()).isEqualTo(LogReads.PENDING);
      assertThat(stillWaiting.logTailUnavailable()).isEqualTo(LogReads.PENDING);
      assertThat(completed.logTail()).endsWith("FATAL: cannot bind port 8080\n");
      assertThat(completed.logTailUnavailable()).isNull();
      assertThat(completed.withLog(null, LogReads.PENDING)).isEqualTo(first);
      assertThat(cluster.logRequests).as("one read per failed instance").hasSize(1);
    } finally {
      cluster.kubeletAnswers.countDown();
      readers.shutdownNow();
    }
  }

  @Test
  void theLogIsReadWhileTheEventsAreSoAPassWaitsForOneReadNotBoth() throws Exception {
    var logRequested = new java.util.concurrent.CountDownLatch(1);
    var overlapped = new java.util.concurrent.atomic.AtomicBoolean();
    FixedCluster eventsWaitForTheLog =
        new FixedCluster() {
          @Override
          public Optional<ProbeKill> probeKill(
              String namespace, String pod, String container, Instant since) {
            try {
              overlapped.set(logRequested.await(5, java.util.concurrent.TimeUnit.SECONDS));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return super.probeKill(namespace, pod, container, since);
          }

          @Override
          public LogTail crashedInstanceLog(
              String namespace, String pod, String container, boolean restarted, int lines) {
            logRequested.countDown();
            return super.crashedInstanceLog(namespace, pod, container, restarted, lines);
          }
        };
    var readers = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      var logs = new LogReads(eventsWaitForTheLog, readers, Duration.ofSeconds(5), CLOCK);
      var arrivals = new java.util.concurrent.CopyOnWriteArrayList<ResourceID>();
      logs.onArrival(arrivals::add);
      var crash = crashed("a", T0, 1, 1, "Error", T0.plusSeconds(10));

      FailureReport report =
          new FailureDiagnosis(eventsWaitForTheLog, logs)
              .diagnose(OWNER, List.of(crash), null, 20, hash -> List.of())
              .orElseThrow();

      assertThat(overlapped).as("the log read had started when the events were read").isTrue();
      assertThat(report.logTail()).endsWith("FATAL: cannot bind port 8080\n");
      assertThat(arrivals)
          .as("a log taken by the pass that waited for it reconciles nothing again")
          .isEmpty();
    } finally {
      readers.shutdownNow();
    }
  }

  static final String PROBE_503 = "Liveness probe failed: HTTP probe failed with statuscode: 503";

  @Test
  void aKillAfterFailedLivenessProbesIsNamedAsSuchWithTheKubeletsWordOnTheProbe() {
    cluster.probeKill = Optional.of(new ProbeKill("liveness", PROBE_503));

    // api-service shuts down cleanly on the kubelet's SIGTERM: exit 0, Completed.
    FailureReport report = diagnoseExit(0, "Completed");

    assertThat(report.reason()).isEqualTo(FailureDiagnosis.LIVENESS_PROBE_FAILED);
    assertThat(report.exitCode()).isZero();
    assertThat(report.message()).isEqualTo(PROBE_503 + "\nboom");
    assertThat(cluster.eventRequests).containsExactly("a/api/" + T0.plusSeconds(5));
  }

  @Test
  void aLivenessKillThatEndsOomKilledWhileStoppingIsStillTheProbes() {
    cluster.probeKill = Optional.of(new ProbeKill("liveness", PROBE_503));

    FailureReport report = diagnoseExit(137, "OOMKilled");

    assertThat(report.reason()).isEqualTo(FailureDiagnosis.LIVENESS_PROBE_FAILED);
    assertThat(report.exitCode()).isEqualTo(137);
    assertThat(report.signal()).isEqualTo(9);
    assertThat(FailureDiagnosis.oneLine(report))
        .endsWith(": " + PROBE_503 + "; the container then ended OOMKilled.");
  }

  @Test
  void aKillAfterFailedStartupProbesIsNamedAsSuch() {
    cluster.probeKill =
        Optional.of(new ProbeKill("startup", "Startup probe failed: connection refused"));

    FailureReport report = diagnoseExit(143, "Error");

    assertThat(report.reason()).isEqualTo(FailureDiagnosis.STARTUP_PROBE_FAILED);
  }

  @Test
  void aContainerThatNeverRanIsNotLookedUpInTheEvents() {
    cluster.probeKill = Optional.of(new ProbeKill("liveness", PROBE_503));

    FailureReport report = diagnoseExit(128, "StartError");

    assertThat(report.reason()).isEqualTo("StartError");
    assertThat(cluster.eventRequests).isEmpty();
  }

  @Test
  void anOomKillTheKubeletDidNotAskForStaysAnOomKill() {
    FailureReport report = diagnoseExit(137, "OOMKilled");

    assertThat(report.reason()).isEqualTo("OOMKilled");
    assertThat(report.message()).isEqualTo("boom");
  }

  @Test
  void logCollectionCanBeSwitchedOff() {
    FailureReport report =
        diagnosis
            .diagnose(
                OWNER, List.of(crashed("a", T0, 1, 1, "Error", T0)), null, 0, hash -> List.of())
            .orElseThrow();

    assertThat(report.logTail()).isNull();
    assertThat(report.logTailUnavailable()).contains("logTailLines: 0");
    assertThat(cluster.logRequests).isEmpty();
  }

  @Test
  void anImageThatCannotBePulledIsReportedFromTheWaitingState() {
    var pulling = waitingFor("a", T0, "ImagePullBackOff", "Back-off pulling image \"orders:nope\"");

    FailureReport report =
        diagnosis.diagnose(OWNER, List.of(pulling), null, 20, hash -> List.of()).orElseThrow();

    assertThat(report.reason()).isEqualTo("ImagePullBackOff");
    assertThat(report.message()).isEqualTo("Back-off pulling image \"orders:nope\"");
    assertThat(report.exitCode()).isNull();
  }

  @Test
  void longLogsKeepTheirEndAndLongMessagesTheirStart() {
    cluster.log = "x".repeat(10_000) + "the last line";
    FailureReport report =
        diagnosis
            .diagnose(
                OWNER, List.of(crashed("a", T0, 1, 1, "Error", T0)), null, 200, hash -> List.of())
            .orElseThrow();

    assertThat(report.logTail())
        .hasSizeLessThanOrEqualTo(FailureDiagnosis.MAX_LOG_CHARS + 1)
        .endsWith("the last line");
    assertThat(FailureDiagnosis.truncate("y".repeat(5000), 1024)).hasSize(1025).startsWith("yyy");
  }

  /** The report for one container of pod "a" that ran 5 s and ended as given. */
  private FailureReport diagnoseExit(int exitCode, String reason) {
    return diagnosis
        .diagnose(
            OWNER,
            List.of(crashed("a", T0, 1, exitCode, reason, T0.plusSeconds(10))),
            null,
            20,
            hash -> List.of())
        .orElseThrow();
  }
}
