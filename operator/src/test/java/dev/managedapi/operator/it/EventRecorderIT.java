package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.events.EventReason;
import dev.managedapi.operator.events.EventRecorder;
import dev.managedapi.operator.testing.MutableClock;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events as `kubectl describe` shows them: the same news bumps one event's count, also after the
 * operator restarted or another replica took over, and starts afresh once the event has expired.
 */
@EnableKubeAPIServer
class EventRecorderIT {

  static KubernetesClient client;
  static ManagedApi api;
  final MutableClock clock = new MutableClock();

  @BeforeAll
  static void managedApi() {
    Crds.install(client);
    api = new ManagedApis(client, "events").create("orders", "image: ghcr.io/acme/orders:1.0.0");
  }

  @Test
  void theSameNewsBumpsOneEventAcrossRestartsAndReplicas() {
    new EventRecorder(client, clock, "operator-a")
        .record(api, EventReason.Ready, "1/1 pods ready.");
    clock.advance(Duration.ofMinutes(1));
    new EventRecorder(client, clock, "operator-b")
        .record(api, EventReason.Ready, "1/1 pods ready.");

    Event event = single(EventReason.Ready);
    assertThat(event.getCount()).isEqualTo(2);
    assertThat(event.getLastTimestamp()).isNotEqualTo(event.getFirstTimestamp());
    assertThat(event.getReportingInstance()).as("who first reported it").isEqualTo("operator-a");
    assertThat(event.getReportingComponent()).isEqualTo(EventRecorder.COMPONENT);
    assertThat(event.getType()).isEqualTo("Normal");
  }

  @Test
  void otherNewsIsAnotherEvent() {
    EventRecorder events = new EventRecorder(client, clock, "operator-a");
    events.record(api, EventReason.CrashLoopDetected, "Crash loop (1/3 restarts in 10m)");
    events.record(api, EventReason.CrashLoopDetected, "Crash loop (2/3 restarts in 10m)");

    assertThat(events(EventReason.CrashLoopDetected))
        .extracting(Event::getMessage)
        .containsExactlyInAnyOrder(
            "Crash loop (1/3 restarts in 10m)", "Crash loop (2/3 restarts in 10m)");
  }

  @Test
  void anExpiredEventIsCreatedAgainNotDropped() {
    EventRecorder events = new EventRecorder(client, clock, "operator-a");
    events.record(api, EventReason.Suspended, "Suspended.");
    events.record(api, EventReason.Suspended, "Suspended.");
    // The API server's event TTL ran out.
    client
        .v1()
        .events()
        .inNamespace("events")
        .withName(single(EventReason.Suspended).getMetadata().getName())
        .delete();
    org.awaitility.Awaitility.await().until(() -> events(EventReason.Suspended).isEmpty());

    events.record(api, EventReason.Suspended, "Suspended.");

    assertThat(single(EventReason.Suspended).getCount()).isEqualTo(1);
  }

  private static Event single(EventReason reason) {
    List<Event> found = events(reason);
    assertThat(found).hasSize(1);
    return found.getFirst();
  }

  private static List<Event> events(EventReason reason) {
    return client.v1().events().inNamespace("events").list().getItems().stream()
        .filter(e -> reason.name().equals(e.getReason()))
        .toList();
  }
}
