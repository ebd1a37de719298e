package dev.managedapi.operator.restarts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.HealthyRevision;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.api.v1alpha1.RevisionStatus;
import dev.managedapi.operator.dependent.DeploymentPlan;
import dev.managedapi.operator.dependent.PodTemplateFactory;
import dev.managedapi.operator.dependent.TemplateHash;
import dev.managedapi.operator.testing.TestManagedApis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthyRevisionTrackerTest {

  static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  static final Duration STABLE = Duration.ofMinutes(5);

  static final ManagedApi API = api("orders:2.0");
  final DeploymentPlan plan = plan("orders:2.0");

  @Test
  void aRevisionBecomesTheRollbackTargetAfterAStablePeriodOfHealth() {
    var first =
        HealthyRevisionTracker.track(
            plan, API, true, RestartLedger.empty(), null, null, T0, STABLE);
    var almost =
        HealthyRevisionTracker.track(
            plan,
            API,
            true,
            RestartLedger.empty(),
            first.current(),
            null,
            T0.plus(STABLE).minusSeconds(1),
            STABLE);
    var proven =
        HealthyRevisionTracker.track(
            plan,
            API,
            true,
            RestartLedger.empty(),
            almost.current(),
            null,
            T0.plus(STABLE),
            STABLE);

    assertThat(first.current().healthySince()).isEqualTo(T0.toString());
    assertThat(first.reevaluateAt()).contains(T0.plus(STABLE));
    assertThat(almost.lastHealthy()).isNull();
    assertThat(proven.lastHealthy().templateHash()).isEqualTo(plan.templateHash());
    assertThat(proven.lastHealthy().image()).isEqualTo("orders:2.0");
    assertThat(proven.lastHealthy().template()).isEqualTo(plan.template());
    assertThat(proven.lastHealthy().spec())
        .as("the spec it came from, for a user's rollback")
        .usingRecursiveComparison()
        .isEqualTo(API.getSpec());
    assertThat(proven.lastHealthy().generation()).isEqualTo(1L);
  }

  @Test
  void aRestartPostponesTheVerdict() {
    var first =
        HealthyRevisionTracker.track(
            plan, API, true, RestartLedger.empty(), null, null, T0, STABLE);
    RestartLedger restartedOnce =
        RestartLedger.empty()
            .record(
                List.of(
                    dev.managedapi.operator.testing.Observations.crashed(
                        "a", T0, 1, 1, "Error", T0.plusSeconds(120))),
                T0.plusSeconds(120),
                Duration.ofHours(1),
                11)
            .ledger();

    var result =
        HealthyRevisionTracker.track(
            plan, API, true, restartedOnce, first.current(), null, T0.plus(STABLE), STABLE);

    assertThat(result.lastHealthy()).isNull();
    assertThat(result.reevaluateAt()).contains(T0.plusSeconds(120).plus(STABLE));
  }

  @Test
  void losingHealthResetsTheClockAndKeepsThePreviousTarget() {
    HealthyRevision older =
        new HealthyRevision("old", "orders:1.0", 1L, T0.toString(), null, null, null);
    var unhealthy =
        HealthyRevisionTracker.track(
            plan,
            withGeneration(2),
            false,
            RestartLedger.empty(),
            new RevisionStatus(plan.templateHash(), "orders:2.0", T0.toString()),
            older,
            T0.plusSeconds(30),
            STABLE);

    assertThat(unhealthy.current().healthySince()).isNull();
    assertThat(unhealthy.lastHealthy()).isSameAs(older);
    assertThat(unhealthy.reevaluateAt()).isEmpty();
  }

  private static ManagedApi api(String image) {
    var api = TestManagedApis.managedApi("orders");
    api.getSpec().setImage(image);
    return api;
  }

  private static ManagedApi withGeneration(long generation) {
    var api = api("orders:2.0");
    api.getMetadata().setGeneration(generation);
    return api;
  }

  private static DeploymentPlan plan(String image) {
    var template = PodTemplateFactory.build(api(image));
    return new DeploymentPlan(template, TemplateHash.read(template).orElseThrow(), 1);
  }
}
