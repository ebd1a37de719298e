package dev.managedapi.operator.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WithoutManagedFieldsTest {

  @Test
  void storesPodsWithoutTheirServerSideApplyBookkeepingAndKeepsTheRest() {
    ItemStore<Pod> store = WithoutManagedFields.<Pod>forInformersOf(Set.of("shop")).orElseThrow();
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

  @Test
  void oneInformerGetsAStoreOfItsOwnAndSeveralGetNone() {
    assertThat(WithoutManagedFields.forInformersOf(Constants.WATCH_ALL_NAMESPACE_SET)).isPresent();
    assertThat(WithoutManagedFields.forInformersOf(Set.of("shop"))).isPresent();
    // Each namespace's informer would prune the others' objects from a shared store.
    assertThat(WithoutManagedFields.forInformersOf(Set.of("shop", "billing"))).isEmpty();
    assertThat(WithoutManagedFields.forInformersOf(Set.of("shop")))
        .get()
        .isNotSameAs(WithoutManagedFields.forInformersOf(Set.of("shop")).orElseThrow());
  }
}
