package dev.managedapi.operator.events;

/** Why the operator emits an event on a ManagedApi; UpperCamelCase, as `kubectl describe` shows. */
public enum EventReason {
  Ready(Type.Normal),
  CrashLoopDetected(Type.Warning),
  CrashLoopResolved(Type.Normal),
  ContainerCannotStart(Type.Warning),
  ProgressDeadlineExceeded(Type.Warning),
  ApiDegraded(Type.Warning),
  ApiRecovered(Type.Normal),
  RestartBudgetExhausted(Type.Warning),
  Suspended(Type.Warning),
  RolledBack(Type.Warning),
  RollbackFailed(Type.Warning),
  RemediationEnded(Type.Normal),
  HealthyRevisionRecorded(Type.Normal),
  ReconcileFailed(Type.Warning),
  InvalidSpec(Type.Warning),
  NotificationFailed(Type.Warning),
  NotificationDropped(Type.Warning);

  /** Kubernetes' two event types. */
  public enum Type {
    Normal,
    Warning
  }

  private final Type type;

  EventReason(Type type) {
    this.type = type;
  }

  public Type type() {
    return type;
  }
}
