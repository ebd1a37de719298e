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
 * Per-ManagedApi gauges (ready and desired pods, restarts in the window, the budget and what is
 * left of it, crash-looping, budget exhausted, rolled back, ready, degraded by its own health body)
 * and counters (remediations, notifications), labelled by namespace and name. Every series of a
 * deleted ManagedApi is removed so none reports stale values forever.
 *
 * <p>The counters a ManagedApi can reach (its budget action, and delivered/failed when it has a
 * webhook) are registered at 0 on its first reconcile: a counter that first appears at 1 is
 * invisible to {@code increase()}, so the first remediation would never show on a dashboard.
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
    g.readyPods().set(orZero(status.getReadyReplicas()));
    g.desiredPods().set(desiredPods(status));
    RestartBudgetStatus budget = status.getRestartBudget();
    if (budget != null) {
      g.restartsInWindow().set(budget.restartsInWindow());
      g.budgetRemaining().set(budget.remaining());
      g.budgetMax().set(orZero(budget.maxRestarts()));
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
    registerReachableCounters(api);
  }

  public void remediationStarted(ManagedApi api, RestartBudgetAction action) {
    remediations(ResourceID.fromResource(api), action).increment();
  }

  public void notificationFinished(String namespace, String name, boolean delivered) {
    notifications(new ResourceID(name, namespace), delivered).increment();
  }

  private void registerReachableCounters(ManagedApi api) {
    ResourceID id = ResourceID.fromResource(api);
    var spec = api.getSpec();
    if (spec == null) {
      return;
    }
    if (spec.getRestartBudget() != null && spec.getRestartBudget().getAction() != null) {
      remediations(id, spec.getRestartBudget().getAction());
    }
    if (spec.getNotifications() != null && spec.getNotifications().getWebhookSecretRef() != null) {
      notifications(id, true);
      notifications(id, false);
    }
  }

  private Counter remediations(ResourceID id, RestartBudgetAction action) {
    return Counter.builder(REMEDIATIONS)
        .description("Remediations started after a restart budget ran out, by action")
        .tags(tags(id).and("action", action.name()))
        .register(registry);
  }

  private Counter notifications(ResourceID id, boolean delivered) {
    return Counter.builder(NOTIFICATIONS)
        .description("Webhook notifications, by result")
        .tags(tags(id).and("result", delivered ? "delivered" : "failed"))
        .register(registry);
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

  /** Drops every per-ManagedApi meter: this replica no longer reconciles, so it knows nothing. */
  public void forgetAll() {
    List.copyOf(gauges.keySet()).forEach(this::forget);
    for (String counter : COUNTERS) {
      registry.find(counter).meters().forEach(registry::remove);
    }
  }

  private Gauges register(ResourceID id) {
    Tags tags = tags(id);
    AtomicInteger readyPods = new AtomicInteger();
    AtomicInteger desiredPods = new AtomicInteger();
    AtomicInteger budgetMax = new AtomicInteger();
    AtomicInteger restarts = new AtomicInteger();
    AtomicInteger remaining = new AtomicInteger();
    AtomicInteger crashLooping = new AtomicInteger();
    AtomicInteger budgetExhausted = new AtomicInteger();
    AtomicInteger rolledBack = new AtomicInteger();
    AtomicInteger ready = new AtomicInteger();
    AtomicInteger apiDegraded = new AtomicInteger();
    List<Meter> meters =
        List.of(
            gauge("managedapi_ready_pods", "Pods that pass their readiness probe", readyPods, tags),
            gauge(
                "managedapi_desired_pods",
                "Pods the ManagedApi should run now (0 while suspended)",
                desiredPods,
                tags),
            gauge(
                "managedapi_restart_budget_max",
                "Restarts the budget allows inside its window",
                budgetMax,
                tags),
            gauge(
                "managedapi_restarts_in_window",
                "Container restarts inside the restart-budget window",
                restarts,
                tags),
            gauge(
                "managedapi_restart_budget_remaining",
                "Restarts left before the budget is exhausted",
                remaining,
                tags),
            gauge(
                "managedapi_crash_looping",
                "1 while the CrashLooping condition is True",
                crashLooping,
                tags),
            gauge(
                "managedapi_restart_budget_exhausted",
                "1 while the RestartBudgetExhausted condition is True",
                budgetExhausted,
                tags),
            gauge(
                "managedapi_rolled_back",
                "1 while the pods run the last healthy revision instead of the spec's",
                rolledBack,
                tags),
            gauge("managedapi_ready", "1 while the Ready condition is True", ready, tags),
            gauge(
                "managedapi_api_degraded",
                "1 while Degraded is True because pods' health bodies report DEGRADED or DOWN",
                apiDegraded,
                tags));
    return new Gauges(
        readyPods,
        desiredPods,
        restarts,
        remaining,
        budgetMax,
        crashLooping,
        budgetExhausted,
        rolledBack,
        ready,
        apiDegraded,
        meters);
  }

  private Gauge gauge(String name, String description, AtomicInteger value, Tags tags) {
    return Gauge.builder(name, value, AtomicInteger::get)
        .description(description)
        .tags(tags)
        .register(registry);
  }

  private static Tags tags(ResourceID id) {
    return Tags.of("namespace", id.getNamespace().orElse(""), "name", id.getName());
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  /** The desired half of status.ready ("ready/desired", as the READY column shows it). */
  private static int desiredPods(ManagedApiStatus status) {
    String ready = status.getReady();
    int slash = ready == null ? -1 : ready.indexOf('/');
    if (slash < 0) {
      return 0;
    }
    try {
      return Integer.parseInt(ready.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int isTrue(ManagedApiStatus status, String type) {
    return Conditions.isTrue(status.getConditions(), type) ? 1 : 0;
  }

  private record Gauges(
      AtomicInteger readyPods,
      AtomicInteger desiredPods,
      AtomicInteger restartsInWindow,
      AtomicInteger budgetRemaining,
      AtomicInteger budgetMax,
      AtomicInteger crashLooping,
      AtomicInteger budgetExhausted,
      AtomicInteger rolledBack,
      AtomicInteger ready,
      AtomicInteger apiDegraded,
      List<Meter> meters) {}
}
