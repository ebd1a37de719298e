package dev.managedapi.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ManagedApiStatus;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetAction;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-ManagedApi series live as long as their ManagedApi, and not longer. */
class ManagedApiMetricsTest {

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final ManagedApiMetrics metrics = new ManagedApiMetrics(registry);

  @Test
  void forgettingADeletedManagedApiDropsEveryOneOfItsSeriesAndNoOneElses() {
    ManagedApi orders = api("shop", "orders");
    ManagedApi billing = api("shop", "billing");
    for (ManagedApi api : List.of(orders, billing)) {
      metrics.update(api, new ManagedApiStatus());
      metrics.remediationStarted(api, RestartBudgetAction.Rollback);
      metrics.notificationFinished("shop", api.getMetadata().getName(), true);
      metrics.notificationFinished("shop", api.getMetadata().getName(), false);
    }
    assertThat(series("orders")).hasSize(7 + 1 + 2);

    metrics.forget(ResourceID.fromResource(orders));

    assertThat(series("orders")).isEmpty();
    assertThat(series("billing")).hasSize(7 + 1 + 2);
  }

  private List<String> series(String name) {
    return registry.getMeters().stream()
        .filter(m -> name.equals(m.getId().getTag("name")))
        .map(Meter::getId)
        .map(id -> id.getName() + id.getTags())
        .toList();
  }

  private static ManagedApi api(String namespace, String name) {
    ManagedApi api = new ManagedApi();
    api.getMetadata().setNamespace(namespace);
    api.getMetadata().setName(name);
    return api;
  }
}
