package dev.managedapi.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import org.junit.jupiter.api.Test;

class MatchMemoTest {

  private final MatchMemo<Service> memo = new MatchMemo<>(2);

  @Test
  void anUnchangedObjectAndAnEqualDesiredObjectStillMatch() {
    memo.remember(actual("orders", "41"), desired("orders", 8080), true);

    assertThat(memo.stillMatches(actual("orders", "41"), desired("orders", 8080))).isTrue();
  }

  @Test
  void anObjectChangedSinceItMatchedIsComparedAgain() {
    // A hand edit, another controller's write: a new resourceVersion, whatever it changed.
    memo.remember(actual("orders", "41"), desired("orders", 8080), true);

    assertThat(memo.stillMatches(actual("orders", "42"), desired("orders", 8080))).isFalse();
  }

  @Test
  void aChangedDesiredObjectIsComparedAgain() {
    memo.remember(actual("orders", "41"), desired("orders", 8080), true);

    assertThat(memo.stillMatches(actual("orders", "41"), desired("orders", 9090))).isFalse();
  }

  @Test
  void aMismatchForgetsTheEarlierMatch() {
    memo.remember(actual("orders", "41"), desired("orders", 8080), true);
    memo.remember(actual("orders", "41"), desired("orders", 8080), false);

    assertThat(memo.stillMatches(actual("orders", "41"), desired("orders", 8080))).isFalse();
  }

  @Test
  void eachObjectHasItsOwnEntryAndTheLeastRecentlyUsedGoesBeyondTheBound() {
    memo.remember(actual("orders", "41"), desired("orders", 8080), true);
    memo.remember(actual("billing", "7"), desired("billing", 8080), true);
    assertThat(memo.stillMatches(actual("orders", "41"), desired("orders", 8080))).isTrue();

    memo.remember(actual("search", "9"), desired("search", 8080), true);

    assertThat(memo.stillMatches(actual("orders", "41"), desired("orders", 8080))).isTrue();
    assertThat(memo.stillMatches(actual("billing", "7"), desired("billing", 8080))).isFalse();
    assertThat(memo.stillMatches(actual("search", "9"), desired("search", 8080))).isTrue();
  }

  private static Service actual(String name, String resourceVersion) {
    return new ServiceBuilder(desired(name, 8080))
        .editMetadata()
        .withResourceVersion(resourceVersion)
        .endMetadata()
        .build();
  }

  private static Service desired(String name, int port) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("shop")
        .endMetadata()
        .withNewSpec()
        .addNewPort()
        .withPort(port)
        .endPort()
        .endSpec()
        .build();
  }
}
