package dev.managedapi.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ManagedApiSpec;
import dev.managedapi.operator.api.v1alpha1.ManagedApiStatus;
import dev.managedapi.operator.api.v1alpha1.NotificationsSpec;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetAction;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetSpec;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetStatus;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
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
    assertThat(series("orders")).hasSize(10 + 1 + 2);

    metrics.forget(ResourceID.fromResource(orders));

    assertThat(series("orders")).isEmpty();
    assertThat(series("billing")).hasSize(10 + 1 + 2);
  }

  @Test
  void aReplicaThatStopsLeadingDropsEveryManagedApisSeries() {
    for (String name : List.of("orders", "billing")) {
      ManagedApi api = api("shop", name);
      metrics.update(api, new ManagedApiStatus());
      metrics.remediationStarted(api, RestartBudgetAction.Alert);
      metrics.notificationFinished("shop", name, true);
    }
    registry.counter("jvm_unrelated_total").increment();

    metrics.forgetAll();

    assertThat(series("orders")).isEmpty();
    assertThat(series("billing")).isEmpty();
    assertThat(registry.find("jvm_unrelated_total").counter()).isNotNull();

    metrics.update(api("shop", "orders"), new ManagedApiStatus());
    assertThat(series("orders")).as("leading again: registered afresh").hasSize(10);
  }

  @Test
  void theCountersAManagedApiCanReachExistAtZeroBeforeTheFirstEvent() {
    ManagedApi orders = api("shop", "orders");
    orders.setSpec(new ManagedApiSpec());
    RestartBudgetSpec budget = new RestartBudgetSpec();
    budget.setAction(RestartBudgetAction.Suspend);
    orders.getSpec().setRestartBudget(budget);
    NotificationsSpec notifications = new NotificationsSpec();
    notifications.setWebhookSecretRef(new SecretKeySelector("url", "alerts", false));
    orders.getSpec().setNotifications(notifications);

    metrics.update(orders, new ManagedApiStatus());

    // increase() over a counter that appears at 1 is empty: the first remediation would not show.
    assertThat(count("managedapi_remediations_total", "action", "Suspend")).isZero();
    assertThat(count("managedapi_notifications_total", "result", "delivered")).isZero();
    assertThat(count("managedapi_notifications_total", "result", "failed")).isZero();
    assertThat(registry.find("managedapi_remediations_total").tag("action", "Rollback").counter())
        .as("an action the budget does not take")
        .isNull();

    metrics.remediationStarted(orders, RestartBudgetAction.Suspend);
    assertThat(count("managedapi_remediations_total", "action", "Suspend")).isEqualTo(1);
  }

  @Test
  void podsAndTheBudgetAreGaugedFromTheStatus() {
    ManagedApi orders = api("shop", "orders");
    ManagedApiStatus status = new ManagedApiStatus();
    status.setReadyReplicas(1);
    status.setReady("1/3");
    status.setRestartBudget(new RestartBudgetStatus(2, 5, "10m", 3, List.of(), List.of()));

    metrics.update(orders, status);

    assertThat(gauge("managedapi_ready_pods")).isEqualTo(1);
    assertThat(gauge("managedapi_desired_pods")).isEqualTo(3);
    assertThat(gauge("managedapi_restarts_in_window")).isEqualTo(2);
    assertThat(gauge("managedapi_restart_budget_max")).isEqualTo(5);
    assertThat(gauge("managedapi_restart_budget_remaining")).isEqualTo(3);
  }

  private double count(String counter, String tag, String value) {
    return registry.get(counter).tag(tag, value).counter().count();
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
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
