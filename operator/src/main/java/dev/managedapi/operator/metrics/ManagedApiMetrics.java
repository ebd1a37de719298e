package dev.managedapi.operator.metrics;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ManagedApiStatus;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetAction;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetStatus;
import dev.managedapi.operator.status.ConditionTypes;
import dev.managedapi.operator.status.Conditions;
import dev.managedapi.operator.status.Reasons;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-ManagedApi gauges (restarts in the window, budget left, crash-looping, budget exhausted,
 * rolled back, ready, degraded by its own health body) and counters (remediations, notifications),
 * labelled by namespace and name. Every series of a deleted ManagedApi is removed so none reports
 * stale values forever.
 */
public class ManagedApiMetrics {

  private static final String REMEDIATIONS = "managedapi_remediations_total";
  private static final String NOTIFICATIONS = "managedapi_notifications_total";
  private static final List<String> COUNTERS = List.of(REMEDIATIONS, NOTIFICATIONS);

  private final MeterRegistry registry;
  private final Map<ResourceID, Gauges> gauges = new ConcurrentHashMap<>();

  public ManagedApiMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void update(ManagedApi api, ManagedApiStatus status) {
    Gauges g = gauges.computeIfAbsent(ResourceID.fromResource(api), id -> register(id));
    RestartBudgetStatus budget = status.getRestartBudget();
    if (budget != null) {
      g.restartsInWindow().set(budget.restartsInWindow());
      g.budgetRemaining().set(budget.remaining());
    }
    g.crashLooping().set(isTrue(status, ConditionTypes.CRASH_LOOPING));
    g.budgetExhausted().set(isTrue(status, ConditionTypes.RESTART_BUDGET_EXHAUSTED));
    g.rolledBack().set(isTrue(status, ConditionTypes.ROLLED_BACK));
    g.ready().set(isTrue(status, ConditionTypes.READY));
    g.apiDegraded()
        .set(
            Conditions.find(status.getConditions(), ConditionTypes.DEGRADED)
                    .filter(c -> "True".equals(c.getStatus()))
                    .filter(c -> Reasons.API_DEGRADED.equals(c.getReason()))
                    .isPresent()
                ? 1
                : 0);
  }

  public void remediationStarted(ManagedApi api, RestartBudgetAction action) {
    Counter.builder(REMEDIATIONS)
        .description("Remediations started after a restart budget ran out, by action")
        .tags(tags(ResourceID.fromResource(api)).and("action", action.name()))
        .register(registry)
        .increment();
  }

  public void notificationFinished(String namespace, String name, boolean delivered) {
    Counter.builder(NOTIFICATIONS)
        .description("Webhook notifications, by result")
        .tags(
            tags(new ResourceID(name, namespace)).and("result", delivered ? "delivered" : "failed"))
        .register(registry)
        .increment();
  }

  /** Drops every meter of a ManagedApi that no longer exists. */
  public void forget(ResourceID id) {
    Gauges removed = gauges.remove(id);
    if (removed != null) {
      removed.meters().forEach(registry::remove);
    }
    for (String counter : COUNTERS) {
      registry.find(counter).tags(tags(id)).meters().forEach(registry::remove);
    }
  }

  private Gauges register(ResourceID id) {
    Tags tags = tags(id);
    AtomicInteger restarts = new AtomicInteger();
    AtomicInteger remaining = new AtomicInteger();
    AtomicInteger crashLooping = new AtomicInteger();
    AtomicInteger budgetExhausted = new AtomicInteger();
    AtomicInteger rolledBack = new AtomicInteger();
    AtomicInteger ready = new AtomicInteger();
    AtomicInteger apiDegraded = new AtomicInteger();
    List<Meter> meters =
        List.of(
            Gauge.builder("managedapi_restarts_in_window", restarts, AtomicInteger::get)
                .description("Container restarts inside the restart-budget window")
                .tags(tags)
                .register(registry),
            Gauge.builder("managedapi_restart_budget_remaining", remaining, AtomicInteger::get)
                .description("Restarts left before the budget is exhausted")
                .tags(tags)
                .register(registry),
            Gauge.builder("managedapi_crash_looping", crashLooping, AtomicInteger::get)
                .description("1 while the CrashLooping condition is True")
                .tags(tags)
                .register(registry),
            Gauge.builder(
                    "managedapi_restart_budget_exhausted", budgetExhausted, AtomicInteger::get)
                .description("1 while the RestartBudgetExhausted condition is True")
                .tags(tags)
                .register(registry),
            Gauge.builder("managedapi_rolled_back", rolledBack, AtomicInteger::get)
                .description("1 while the pods run the last healthy revision instead of the spec's")
                .tags(tags)
                .register(registry),
            Gauge.builder("managedapi_ready", ready, AtomicInteger::get)
                .description("1 while the Ready condition is True")
                .tags(tags)
                .register(registry),
            Gauge.builder("managedapi_api_degraded", apiDegraded, AtomicInteger::get)
                .description(
                    "1 while Degraded is True because pods' health bodies report DEGRADED or DOWN")
                .tags(tags)
                .register(registry));
    return new Gauges(
        restarts, remaining, crashLooping, budgetExhausted, rolledBack, ready, apiDegraded, meters);
  }

  private static Tags tags(ResourceID id) {
    return Tags.of("namespace", id.getNamespace().orElse(""), "name", id.getName());
  }

  private static int isTrue(ManagedApiStatus status, String type) {
    return Conditions.isTrue(status.getConditions(), type) ? 1 : 0;
  }

  private record Gauges(
      AtomicInteger restartsInWindow,
      AtomicInteger budgetRemaining,
      AtomicInteger crashLooping,
      AtomicInteger budgetExhausted,
      AtomicInteger rolledBack,
      AtomicInteger ready,
      AtomicInteger apiDegraded,
      List<Meter> meters) {}
}
