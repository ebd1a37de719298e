package dev.managedapi.operator.restarts;

import dev.managedapi.operator.api.v1alpha1.HealthyRevision;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.RevisionStatus;
import dev.managedapi.operator.dependent.DeploymentPlan;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Tracks how long the running pod template has been healthy and records it as the last healthy
 * revision once it has been Available, fully rolled out and restart-free for the stabilization
 * period. That record is what the Rollback action returns to, and with it the spec it came from, so
 * a user's rollback (`kubectl managedapi rollback`) can write that spec's pod-template fields back.
 */
public final class HealthyRevisionTracker {

  private HealthyRevisionTracker() {}

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /**
   * @param api the ManagedApi whose spec produced {@code plan}'s template, unless a rollback is in
   *     force (then the template is the recorded one, and nothing new is recorded)
   */
  public static Result track(
      DeploymentPlan plan,
      ManagedApi api,
      boolean healthyNow,
      RestartLedger ledger,
      RevisionStatus previous,
      HealthyRevision lastHealthy,
      Instant now,
      Duration stabilization) {
    if (!healthyNow) {
      return new Result(
          new RevisionStatus(plan.templateHash(), plan.image(), null),
          lastHealthy,
          Optional.empty());
    }
    boolean sameRevision =
        previous != null
            && Objects.equals(previous.templateHash(), plan.templateHash())
            && previous.healthySince() != null;
    Instant healthySince = sameRevision ? Instant.parse(previous.healthySince()) : now;
    RevisionStatus current =
        new RevisionStatus(plan.templateHash(), plan.image(), healthySince.toString());

    Instant stableFrom = ledger.latestRestart().filter(healthySince::isBefore).orElse(healthySince);
    Instant provenAt = stableFrom.plus(stabilization);
    boolean alreadyRecorded =
        lastHealthy != null && Objects.equals(lastHealthy.templateHash(), plan.templateHash());
    if (alreadyRecorded) {
      return new Result(current, lastHealthy, Optional.empty());
    }
    if (now.isBefore(provenAt)) {
      return new Result(current, lastHealthy, Optional.of(provenAt));
    }
    HealthyRevision proven =
        new HealthyRevision(
            plan.templateHash(),
            plan.image(),
            api.getMetadata().getGeneration(),
            now.toString(),
            plan.template(),
            null,
            SERIALIZATION.clone(api.getSpec()));
    return new Result(current, proven, Optional.empty());
  }

  /**
   * @param reevaluateAt when the current revision will have proven itself, if it has not yet
   */
  public record Result(
      RevisionStatus current, HealthyRevision lastHealthy, Optional<Instant> reevaluateAt) {}
}
