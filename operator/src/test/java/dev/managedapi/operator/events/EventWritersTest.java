package dev.managedapi.operator.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventWritersTest {

  @Test
  void oneManagedApisEventsAreWrittenInTheOrderTheyWereRecorded() {
    List<Integer> written = new CopyOnWriteArrayList<>();
    try (EventWriters writers = new EventWriters(4, 1_000)) {
      IntStream.range(0, 500).forEach(i -> writers.execute("shop/orders", () -> written.add(i)));
      writers.close(Duration.ofSeconds(10));
    }

    assertThat(written).isEqualTo(IntStream.range(0, 500).boxed().toList());
  }

  @Test
  void closingLetsTheWaitingEventsOutWithinItsGrace() {
    List<String> written = new CopyOnWriteArrayList<>();
    EventWriters writers = new EventWriters(2, 10);
    for (String api : List.of("shop/orders", "shop/payments", "shop/stock")) {
      writers.execute(api, () -> written.add(api));
    }

    writers.close(Duration.ofSeconds(10));

    assertThat(written).containsExactlyInAnyOrder("shop/orders", "shop/payments", "shop/stock");
    assertThatThrownBy(() -> writers.execute("shop/orders", () -> {}))
        .as("news after closing is refused, for the recorder to drop and say so")
        .isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void aFullBacklogRefusesTheWrite() {
    CountDownLatch slowApiServer = new CountDownLatch(1);
    try (EventWriters writers = new EventWriters(1, 1)) {
      writers.execute("shop/orders", () -> awaitQuietly(slowApiServer));
      writers.execute("shop/orders", () -> {});

      assertThatThrownBy(() -> writers.execute("shop/orders", () -> {}))
          .isInstanceOf(RejectedExecutionException.class);
    } finally {
      slowApiServer.countDown();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
