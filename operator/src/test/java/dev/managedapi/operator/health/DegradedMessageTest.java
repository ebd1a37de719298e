package dev.managedapi.operator.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DegradedMessageTest {

  static final Instant T0 = Instant.parse("2026-12-02T12:03:01Z");

  static PodHealth degraded(String pod, String status, PodHealth.ComponentSince... components) {
    return new PodHealth(pod, pod + "-uid", true, status, T0, List.of(components));
  }

  static PodHealth healthy(String pod) {
    return new PodHealth(pod, pod + "-uid", false, null, null, List.of());
  }

  static PodHealth.ComponentSince component(String name, String word, Instant since) {
    return new PodHealth.ComponentSince(name, word, HealthLevel.ofActuator(word), since);
  }

  @Test
  void namesPodsComponentsAndSinceWhen() {
    String message =
        DegradedMessage.describe(
                List.of(
                    degraded("orders-b", "DEGRADED", component("database", "DEGRADED", T0)),
                    healthy("orders-c"),
                    degraded(
                        "orders-a",
                        "DEGRADED",
                        component("database", "DEGRADED", T0.minusSeconds(5)))))
            .orElseThrow();

    assertThat(message)
        .isEqualTo(
            "2 of 3 pods report DEGRADED (orders-a, orders-b): database DEGRADED since"
                + " 2026-12-02T12:02:56Z.");
  }

  @Test
  void aComponentReportedDifferentlyByTwoPodsShowsTheWorstWord() {
    String message =
        DegradedMessage.describe(
                List.of(
                    degraded("orders-a", "DEGRADED", component("db", "DEGRADED", T0)),
                    degraded("orders-b", "DOWN", component("db", "DOWN", T0.plusSeconds(9)))))
            .orElseThrow();

    assertThat(message)
        .isEqualTo(
            "2 of 2 pods report DEGRADED or DOWN (orders-a, orders-b): db DOWN since"
                + " 2026-12-02T12:03:01Z.");
  }

  @Test
  void aBodyThatNamesNoComponentSaysSinceWhenThePodHasBeenDegraded() {
    assertThat(DegradedMessage.describe(List.of(degraded("orders-a", "DOWN"))))
        .contains("1 of 1 pod reports DOWN (orders-a) since 2026-12-02T12:03:01Z.");
  }

  @Test
  void manyPodsAndComponentsAreCountedNotAllNamed() {
    List<PodHealth> pods = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      pods.add(degraded("orders-" + i, "DOWN", component("c" + i, "DOWN", T0)));
    }

    String message = DegradedMessage.describe(pods).orElseThrow();

    assertThat(message)
        .startsWith(
            "8 of 8 pods report DOWN (orders-0, orders-1, orders-2, orders-3, orders-4 and 3 more): ")
        .endsWith("c4 DOWN since 2026-12-02T12:03:01Z and 3 more.");
  }

  @Test
  void noDegradedPodIsNoMessage() {
    assertThat(DegradedMessage.describe(List.of(healthy("orders-a")))).isEmpty();
    assertThat(DegradedMessage.describe(List.of())).isEmpty();
  }
}
