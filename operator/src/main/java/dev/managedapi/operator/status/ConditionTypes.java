package dev.managedapi.operator.status;

/** The condition types a ManagedApi reports. */
public final class ConditionTypes {

  /** The summary: the API serves as the spec asks (or, after a rollback, as it safely can). */
  public static final String READY = "Ready";

  public static final String AVAILABLE = "Available";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String CRASH_LOOPING = "CrashLooping";
  public static final String RESTART_BUDGET_EXHAUSTED = "RestartBudgetExhausted";
  public static final String ROLLED_BACK = "RolledBack";

  /**
   * kstatus' two abnormal-true conditions (see {@link KstatusConditions}): what Flux, kpt and other
   * kstatus readers wait on before they look at Ready.
   */
  public static final String RECONCILING = "Reconciling";

  public static final String STALLED = "Stalled";

  private ConditionTypes() {}
}
