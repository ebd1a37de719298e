package dev.managedapi.operator.status;

/** Condition reasons, CamelCase as Kubernetes conventions ask. */
public final class Reasons {

  // Ready, and the STATUS column
  public static final String READY = "Ready";
  public static final String SCALED_TO_ZERO = "ScaledToZero";
  public static final String SUSPENDED = "Suspended";
  public static final String RESTART_BUDGET_EXHAUSTED = "RestartBudgetExhausted";
  public static final String CRASH_LOOPING = "CrashLooping";
  public static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
  public static final String CONTAINER_CANNOT_START = "ContainerCannotStart";
  public static final String ROLLOUT_IN_PROGRESS = "RolloutInProgress";
  public static final String ROLLED_BACK = "RolledBack";
  public static final String RECONCILING = "Reconciling";
  public static final String RECONCILE_FAILED = "ReconcileFailed";
  public static final String INVALID_SPEC = "InvalidSpec";

  // Available
  public static final String MINIMUM_REPLICAS_AVAILABLE = "MinimumReplicasAvailable";
  public static final String MINIMUM_REPLICAS_UNAVAILABLE = "MinimumReplicasUnavailable";

  // Progressing
  public static final String ROLLOUT_COMPLETE = "RolloutComplete";

  // Degraded
  public static final String AS_EXPECTED = "AsExpected";
  public static final String API_DEGRADED = "ApiDegraded";

  // CrashLooping
  public static final String BACK_OFF = "CrashLoopBackOff";
  public static final String REPEATED_RESTARTS = "RepeatedRestarts";
  public static final String STABLE = "Stable";

  // RestartBudgetExhausted
  public static final String WITHIN_BUDGET = "WithinBudget";
  public static final String ALERTED = "Alerted";

  // RolledBack
  public static final String NOT_ROLLED_BACK = "NotRolledBack";

  // Reconciling (True carries Ready's reason) and Stalled (True carries Ready's, or RolledBack)
  public static final String RECONCILED = "Reconciled";
  public static final String STALLED = "Stalled";
  public static final String NOT_STALLED = "NotStalled";

  private Reasons() {}
}
