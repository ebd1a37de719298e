package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.events.EventReason;
import dev.managedapi.operator.events.EventRecorder;
import dev.managedapi.operator.events.EventWriters;
import dev.managedapi.operator.testing.MutableClock;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

  @Test
  void newsIsStampedWhenItHappensAndWrittenBesideTheReconcile() {
    try (BusyWriter writer = new BusyWriter(10)) {
      EventRecorder events = new EventRecorder(client, clock, "operator-a", writer.executor);
      Instant happened = clock.instant();

      events.record(api, EventReason.ApiRecovered, "Recovered.");
      clock.advance(Duration.ofMinutes(3));

      assertThat(events(EventReason.ApiRecovered))
          .as("the reconcile went on before the event was written")
          .isEmpty();
      writer.release();
      org.awaitility.Awaitility.await().until(() -> events(EventReason.ApiRecovered).size() == 1);
      assertThat(Instant.parse(single(EventReason.ApiRecovered).getFirstTimestamp()))
          .isEqualTo(happened.truncatedTo(ChronoUnit.SECONDS));
    }
  }

  @Test
  void aFullBacklogDropsNewsInsteadOfHoldingTheReconcile() {
    try (BusyWriter writer = new BusyWriter(1)) {
      EventRecorder events = new EventRecorder(client, clock, "operator-a", writer.executor);

      events.record(api, EventReason.RestartBudgetExhausted, "Waiting in the backlog.");
      events.record(api, EventReason.RestartBudgetExhausted, "No room left.");
      writer.release();

      org.awaitility.Awaitility.await()
          .until(() -> events(EventReason.RestartBudgetExhausted).size() == 1);
      assertThat(single(EventReason.RestartBudgetExhausted).getMessage())
          .isEqualTo("Waiting in the backlog.");
    }
  }

  /** One event writer, held as if by a slow API server until released, with room for a backlog. */
  private static final class BusyWriter implements AutoCloseable {
    final EventWriters writers;
    final EventRecorder.Writer executor;
    private final CountDownLatch busy = new CountDownLatch(1);

    BusyWriter(int backlog) {
      writers = new EventWriters(1, backlog);
      executor = writers::execute;
      writers.execute(
          "held",
          () -> {
            try {
              busy.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }

    void release() {
      busy.countDown();
    }

    @Override
    public void close() {
      release();
      writers.close();
    }
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
