package dev.managedapi.operator.api.v1alpha1;

/** What the operator does when a ManagedApi exhausts its restart budget. */
public enum RestartBudgetAction {
  /** Report only: condition, Warning event, notification. */
  Alert,
  /** Scale to zero until the spec changes, as the old watcher script gave up after N restarts. */
  Suspend,
  /** Run the last healthy pod template until the spec changes; suspend if there is none. */
  Rollback
}
