package dev.managedapi.operator.restarts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.restarts.PodDiagnostics.ProbeKill;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Probe kills read from events a real kubelet (1.37.2, containerd 2.4.2) wrote: api-service with
 * CHAOS_FAIL_LIVENESS=true killed for failing its liveness probe, then deleted; and an operator pod
 * killed by its startup probe.
 */
class ClusterPodDiagnosticsTest {

  static final Instant LIVE_STARTED = Instant.parse("2026-12-01T21:42:33Z");

  @Test
  void aLivenessKillIsFoundWithTheKubeletsNewestWordOnTheProbe() {
    assertThat(ClusterPodDiagnostics.probeKill(events("liveness"), "api", LIVE_STARTED))
        .contains(
            new ProbeKill(
                "liveness", "Liveness probe failed: HTTP probe failed with statuscode: 503"));
  }

  @Test
  void aProbeFailureAfterTheKillIsNotItsCause() {
    List<Event> events = new ArrayList<>(events("liveness"));
    events.add(
        new EventBuilder()
            .withReason("Unhealthy")
            .withMessage("Liveness probe failed: Get \"http://198.19.250.20:8080/health/liveness\"")
            .withNewInvolvedObject()
            .withFieldPath("spec.containers{api}")
            .endInvolvedObject()
            .withLastTimestamp("2026-12-01T21:42:45Z")
            .build());

    assertThat(ClusterPodDiagnostics.probeKill(events, "api", LIVE_STARTED))
        .map(ProbeKill::failure)
        .contains("Liveness probe failed: HTTP probe failed with statuscode: 503");
  }

  @Test
  void aProbeFailureThatGoesOnWhileTheContainerDrainsIsStillTheCause() {
    // As with a preStop sleep: the kubelet folds the failures during the drain into the event.
    List<Event> events =
        events("liveness").stream()
            .map(
                e ->
                    e.getMessage().endsWith("statuscode: 503")
                        ? new EventBuilder(e).withLastTimestamp("2026-12-01T21:42:44Z").build()
                        : e)
            .toList();

    assertThat(ClusterPodDiagnostics.probeKill(events, "api", LIVE_STARTED))
        .map(ProbeKill::failure)
        .contains("Liveness probe failed: HTTP probe failed with statuscode: 503");
  }

  @Test
  void aFailureFirstSeenAfterTheFirstKillIsTheStoppingContainersOwn() {
    // As on the real node with a preStop sleep: the port closes after the drain, so "connection
    // refused" comes after each kill and is seen last.
    List<Event> events =
        events("liveness").stream()
            .map(
                e ->
                    e.getMessage().endsWith("connection refused")
                            && e.getMessage().startsWith("Liveness")
                        ? new EventBuilder(e).withLastTimestamp("2026-12-01T21:42:44Z").build()
                        : e)
            .toList();

    assertThat(ClusterPodDiagnostics.probeKill(events, "api", LIVE_STARTED))
        .map(ProbeKill::failure)
        .contains("Liveness probe failed: HTTP probe failed with statuscode: 503");
  }

  @Test
  void killsBeforeTheInstanceStartedAndStopsOnDeletionAreNoProbeKills() {
    // Only "Killing: Stopping container api" (the pod's deletion) comes after this.
    Instant afterLastProbeKill = Instant.parse("2026-12-01T21:42:50Z");

    assertThat(ClusterPodDiagnostics.probeKill(events("liveness"), "api", afterLastProbeKill))
        .isEmpty();
  }

  @Test
  void anotherContainersKillIsNotThisOnes() {
    assertThat(ClusterPodDiagnostics.probeKill(events("liveness"), "sidecar", LIVE_STARTED))
        .isEmpty();
  }

  @Test
  void aStartupProbeKillIsNamedAsSuch() {
    assertThat(
            ClusterPodDiagnostics.probeKill(
                events("startup"), "operator", Instant.parse("2026-12-01T22:08:18Z")))
        .contains(
            new ProbeKill(
                "startup",
                "Startup probe failed: Get \"http://198.19.250.57:8080/healthz\": dial tcp"
                    + " 198.19.250.57:8080: connect: connection refused"));
  }

  private static List<Event> events(String probe) {
    String fixture = "/fixtures/kubelet-" + probe + "-kill-events.json";
    try (InputStream in = ClusterPodDiagnosticsTest.class.getResourceAsStream(fixture)) {
      return new KubernetesSerialization().unmarshal(in, EventList.class).getItems();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
