package dev.managedapi.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentlyUsedTest {

  @Test
  void pastItsCapacityItForgetsTheEntryUsedLeastRecently() {
    RecentlyUsed<String, Integer> memo = new RecentlyUsed<>(2);
    memo.put("orders", 1);
    memo.put("payments", 2);
    memo.get("orders");

    memo.put("billing", 3);

    assertThat(memo.get("payments")).isNull();
    assertThat(memo.get("orders")).isEqualTo(1);
    assertThat(memo.get("billing")).isEqualTo(3);
  }

  @Test
  void aRemovedEntryIsGone() {
    RecentlyUsed<String, Integer> memo = new RecentlyUsed<>(2);
    memo.put("orders", 1);

    memo.remove("orders");

    assertThat(memo.get("orders")).isNull();
  }
}
