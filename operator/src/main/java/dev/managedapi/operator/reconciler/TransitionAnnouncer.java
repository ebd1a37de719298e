package dev.managedapi.operator.reconciler;

import static dev.managedapi.operator.status.Conditions.find;

import dev.managedapi.operator.api.v1alpha1.HealthyRevision;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.ManagedApiStatus;
import dev.managedapi.operator.api.v1alpha1.PendingNotification;
import dev.managedapi.operator.api.v1alpha1.Remediation;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetAction;
import dev.managedapi.operator.events.EventReason;
import dev.managedapi.operator.events.EventRecorder;
import dev.managedapi.operator.metrics.ManagedApiMetrics;
import dev.managedapi.operator.notify.Notification;
import dev.managedapi.operator.restarts.RemediationPlanner.Transition;
import dev.managedapi.operator.status.ConditionTypes;
import dev.managedapi.operator.status.Reasons;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells people what changed once a new status is written: events on the ManagedApi and remediation
 * counters; and, before it is written, the webhook news that goes into the same status patch
 * (status.pendingNotifications). Everything here follows from comparing the previous and the new
 * status, so a pass that changes nothing announces nothing.
 */
public class TransitionAnnouncer {

  private final EventRecorder events;
  private final ManagedApiMetrics metrics;

  public TransitionAnnouncer(EventRecorder events, ManagedApiMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  /**
   * One thing that changed: the event it makes, and the notification kind when it is news for the
   * webhook too, with the moment it happened (part of the notification's id).
   */
  private record Change(
      EventReason reason, String message, Notification.Kind news, String when, String summary) {

    static Change eventOnly(EventReason reason, String message) {
      return new Change(reason, message, null, null, null);
    }
  }

  /**
   * The webhook news of this transition, for status.pendingNotifications; none when the ManagedApi
   * has no webhook.
   */
  public List<PendingNotification> news(
      ManagedApi api, ManagedApiStatus previous, ManagedApiStatus next, Transition remediation) {
    if (api.getSpec().getNotifications() == null) {
      return List.of();
    }
    return changes(api, previous, next, remediation).stream()
        .filter(change -> change.news() != null)
        .map(
            change ->
                new PendingNotification(
                    api.getMetadata().getUid() + "/" + change.news() + "/" + change.when(),
                    change.news().name(),
                    change.summary(),
                    change.message()))
        .toList();
  }

  public void announce(
      ManagedApi api, ManagedApiStatus previous, ManagedApiStatus next, Transition remediation) {
    for (Change change : changes(api, previous, next, remediation)) {
      events.record(api, change.reason(), change.message());
    }
    if (remediation != null && remediation.to() != null) {
      metrics.remediationStarted(api, remediation.to().action());
    }
  }

  private List<Change> changes(
      ManagedApi api, ManagedApiStatus previous, ManagedApiStatus next, Transition remediation) {
    List<Condition> before = previous == null ? List.of() : previous.getConditions();
    List<Condition> after = next.getConditions();
    List<Change> changes = new ArrayList<>();

    if (became(before, after, ConditionTypes.READY, true)) {
      changes.add(Change.eventOnly(EventReason.Ready, message(after, ConditionTypes.READY)));
    }
    if (became(before, after, ConditionTypes.CRASH_LOOPING, true)) {
      Condition crashLoop = find(after, ConditionTypes.CRASH_LOOPING).orElseThrow();
      changes.add(
          new Change(
              EventReason.CrashLoopDetected,
              crashLoop.getMessage(),
              Notification.Kind.CrashLoopStarted,
              crashLoop.getLastTransitionTime(),
              "crash loop detected"));
    } else if (became(before, after, ConditionTypes.CRASH_LOOPING, false)
        && find(before, ConditionTypes.CRASH_LOOPING).isPresent()) {
      changes.add(
          Change.eventOnly(
              EventReason.CrashLoopResolved, message(after, ConditionTypes.CRASH_LOOPING)));
    }
    if (reasonBecame(before, after, ConditionTypes.DEGRADED, Reasons.CONTAINER_CANNOT_START)) {
      changes.add(
          Change.eventOnly(
              EventReason.ContainerCannotStart, message(after, ConditionTypes.DEGRADED)));
    }
    apiHealthChange(before, after).ifPresent(changes::add);
    if (reasonBecame(
        before, after, ConditionTypes.PROGRESSING, Reasons.PROGRESS_DEADLINE_EXCEEDED)) {
      changes.add(
          Change.eventOnly(
              EventReason.ProgressDeadlineExceeded, message(after, ConditionTypes.PROGRESSING)));
    }
    healthyRevisionChange(previous, next).ifPresent(changes::add);
    if (remediation != null) {
      changes.add(remediationChange(api, remediation));
    }
    return changes;
  }

  /**
   * The API's own health body: news when pods start reporting degraded and when they all stop. Not
   * when a crash loop takes over the condition (that has news of its own), and not for changes of
   * the message while it stays degraded (another component, another pod): the condition has them.
   */
  private static Optional<Change> apiHealthChange(List<Condition> before, List<Condition> after) {
    if (reasonBecame(before, after, ConditionTypes.DEGRADED, Reasons.API_DEGRADED)) {
      Condition degraded = find(after, ConditionTypes.DEGRADED).orElseThrow();
      return Optional.of(
          new Change(
              EventReason.ApiDegraded,
              degraded.getMessage(),
              Notification.Kind.ApiDegraded,
              degraded.getLastTransitionTime(),
              "health endpoint reports degraded"));
    }
    boolean wasApiDegraded =
        find(before, ConditionTypes.DEGRADED)
            .map(c -> "True".equals(c.getStatus()) && Reasons.API_DEGRADED.equals(c.getReason()))
            .orElse(false);
    if (wasApiDegraded && became(before, after, ConditionTypes.DEGRADED, false)) {
      Condition degraded = find(after, ConditionTypes.DEGRADED).orElseThrow();
      return Optional.of(
          new Change(
              EventReason.ApiRecovered,
              "Every pod's health endpoint reports healthy again.",
              Notification.Kind.ApiRecovered,
              degraded.getLastTransitionTime(),
              "health endpoint reports healthy again"));
    }
    return Optional.empty();
  }

  private static Optional<Change> healthyRevisionChange(
      ManagedApiStatus previous, ManagedApiStatus next) {
    HealthyRevision before = previous == null ? null : previous.getLastHealthyRevision();
    HealthyRevision after = next.getLastHealthyRevision();
    if (after != null
        && (before == null || !Objects.equals(before.templateHash(), after.templateHash()))) {
      return Optional.of(
          Change.eventOnly(
              EventReason.HealthyRevisionRecorded,
              "Revision %s (image %s) ran without restarts for the stabilization period; it is now the rollback target."
                  .formatted(after.templateHash(), after.image())));
    }
    return Optional.empty();
  }

  private static Change remediationChange(ManagedApi api, Transition transition) {
    Remediation to = transition.to();
    if (to == null) {
      return Change.eventOnly(
          EventReason.RemediationEnded,
          "%s ended: %s."
              .formatted(
                  transition.from().action(),
                  transition.from().generation() < api.getMetadata().getGeneration()
                      ? "the spec changed, so the restart window starts afresh"
                      : "the restarts left the window"));
    }
    boolean escalated = transition.from() != null;
    EventReason reason =
        escalated
            ? EventReason.RollbackFailed
            : switch (to.action()) {
              case Alert -> EventReason.RestartBudgetExhausted;
              case Suspend -> EventReason.Suspended;
              case Rollback -> EventReason.RolledBack;
            };
    Notification.Kind kind =
        to.action() == RestartBudgetAction.Rollback
            ? Notification.Kind.RolledBack
            : Notification.Kind.RestartBudgetExhausted;
    return new Change(reason, to.message(), kind, to.startedAt(), summary(to));
  }

  private static String summary(Remediation remediation) {
    return switch (remediation.action()) {
      case Alert -> "restart budget exhausted";
      case Suspend -> "restart budget exhausted, API suspended";
      case Rollback -> "restart budget exhausted, rolled back to " + remediation.rolledBackTo();
    };
  }

  private static boolean became(
      List<Condition> before, List<Condition> after, String type, boolean status) {
    String wanted = status ? "True" : "False";
    boolean wasWanted = find(before, type).map(c -> wanted.equals(c.getStatus())).orElse(false);
    boolean isWanted = find(after, type).map(c -> wanted.equals(c.getStatus())).orElse(false);
    return isWanted && !wasWanted;
  }

  private static boolean reasonBecame(
      List<Condition> before, List<Condition> after, String type, String reason) {
    boolean had = find(before, type).map(c -> reason.equals(c.getReason())).orElse(false);
    boolean has = find(after, type).map(c -> reason.equals(c.getReason())).orElse(false);
    return has && !had;
  }

  private static String message(List<Condition> conditions, String type) {
    return find(conditions, type).map(Condition::getMessage).orElse("");
  }
}
