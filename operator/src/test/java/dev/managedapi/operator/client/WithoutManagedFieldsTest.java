package dev.managedapi.operator.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class WithoutManagedFieldsTest {

  @Test
  void storesPodsWithoutTheirServerSideApplyBookkeepingAndKeepsTheRest() {
    var store = new WithoutManagedFields<Pod>();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("orders-1")
            .withNamespace("shop")
            .addToLabels("managedapi.dev/name", "orders")
            .addToManagedFields(
                new ManagedFieldsEntryBuilder()
                    .withManager("kubelet")
                    .withOperation("Update")
                    .build())
            .endMetadata()
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build();

    store.put(store.getKey(pod), pod);

    Pod cached = store.get("shop/orders-1");
    assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(cached.getMetadata().getLabels()).containsEntry("managedapi.dev/name", "orders");
    assertThat(cached.getStatus().getPhase()).isEqualTo("Running");
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.remove("shop/orders-1")).isSameAs(cached);
    assertThat(store.keySet()).isEmpty();
  }
}
