package dev.managedapi.operator.restarts;

import dev.managedapi.operator.api.v1alpha1.HealthyRevision;
import dev.managedapi.operator.api.v1alpha1.Remediation;
import dev.managedapi.operator.api.v1alpha1.RestartBudgetAction;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Decides which remediation is in force after this pass, given the one in status and whether the
 * restart budget is exhausted now.
 *
 * <p>The rules: a new spec generation ends any remediation (the user has acted) and opens a fresh
 * window. Without a remediation, an exhausted budget starts the declared action; Rollback needs a
 * healthy revision different from the one crashing, else it suspends. During a rollback the window
 * restarts, and exhausting it again means the healthy revision crashes too: suspend rather than
 * loop. Alert ends by itself once the restarts leave the window; Suspend and Rollback wait for the
 * user.
 */
public final class RemediationPlanner {

  private RemediationPlanner() {}

  public static Plan plan(Inputs in) {
    Remediation current = in.current();
    boolean resetWindow = false;
    Transition ended = null;
    if (current != null && current.generation() != null && current.generation() < in.generation()) {
      ended = new Transition(current, null);
      current = null;
      resetWindow = true;
    }
    if (current == null) {
      if (!in.exhausted() || resetWindow) {
        return new Plan(null, resetWindow, ended);
      }
      Remediation started = start(in);
      return new Plan(
          started, started.action() == RestartBudgetAction.Rollback, new Transition(null, started));
    }
    return switch (current.action()) {
      case Alert ->
          in.exhausted()
              ? new Plan(current, false, null)
              : new Plan(null, false, new Transition(current, null));
      case Rollback -> {
        if (!in.exhausted()) {
          yield new Plan(current, false, null);
        }
        Remediation suspended =
            remediation(
                RestartBudgetAction.Suspend,
                "The last healthy revision "
                    + current.rolledBackTo()
                    + " crashed too, so the API is suspended; change the spec to resume.",
                in,
                null);
        yield new Plan(suspended, false, new Transition(current, suspended));
      }
      case Suspend -> new Plan(current, false, null);
    };
  }

  private static Remediation start(Inputs in) {
    String exhausted =
        "%d restarts in %s exceed the budget of %d"
            .formatted(in.restartsInWindow(), in.windowText(), in.maxRestarts());
    return switch (in.action()) {
      case Alert -> remediation(RestartBudgetAction.Alert, exhausted + ".", in, null);
      case Suspend ->
          remediation(
              RestartBudgetAction.Suspend,
              exhausted + "; suspended, change the spec to resume.",
              in,
              null);
      case Rollback -> {
        HealthyRevision healthy = in.lastHealthyRevision();
        if (healthy == null || Objects.equals(healthy.templateHash(), in.currentTemplateHash())) {
          String why =
              healthy == null
                  ? "no revision has been healthy yet"
                  : "the crashing revision is the last healthy one";
          yield remediation(
              RestartBudgetAction.Suspend,
              exhausted
                  + "; cannot roll back ("
                  + why
                  + "), so suspended; change the spec to resume.",
              in,
              null);
        }
        yield remediation(
            RestartBudgetAction.Rollback,
            exhausted
                + "; rolled back to the last healthy revision "
                + healthy.templateHash()
                + " (image "
                + healthy.image()
                + ")"
                + undoing(in.changesSinceHealthy())
                + "; change the spec to try again.",
            in,
            healthy.templateHash());
      }
    };
  }

  /** What the rollback takes back, so the message says which change to look at. */
  private static String undoing(List<String> changes) {
    return changes == null || changes.isEmpty() ? "" : ", undoing: " + String.join("; ", changes);
  }

  private static Remediation remediation(
      RestartBudgetAction action, String message, Inputs in, String rolledBackTo) {
    return new Remediation(action, message, in.generation(), in.now().toString(), rolledBackTo);
  }

  /** What the planner looks at. */
  public record Inputs(
      Remediation current,
      long generation,
      boolean exhausted,
      int restartsInWindow,
      int maxRestarts,
      String windowText,
      RestartBudgetAction action,
      HealthyRevision lastHealthyRevision,
      String currentTemplateHash,
      List<String> changesSinceHealthy,
      Instant now) {}

  /**
   * @param remediation in force after this pass, or null
   * @param resetWindow whether to forget the restarts in the window (new spec, or rollback start)
   * @param transition what changed, for events and notifications; null when nothing did
   */
  public record Plan(Remediation remediation, boolean resetWindow, Transition transition) {}

  /** A remediation starting ({@code from} null), ending ({@code to} null) or escalating. */
  public record Transition(Remediation from, Remediation to) {}
}
