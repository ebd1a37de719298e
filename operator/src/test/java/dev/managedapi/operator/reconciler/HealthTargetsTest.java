package dev.managedapi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.health.HealthDetailsProber.Target;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthTargetsTest {

  static Pod pod(String name, String ip, String ready, boolean deleting) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withUid(name + "-uid")
        .withDeletionTimestamp(deleting ? "2026-12-02T12:00:00Z" : null)
        .endMetadata()
        .withNewStatus()
        .withPodIP(ip)
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready)
        .endCondition()
        .endStatus()
        .build();
  }

  @Test
  void onlyReadyPodsWithAnAddressThatAreNotBeingDeletedAreRead() {
    List<Target> targets =
        ManagedApiReconciler.healthTargets(
            List.of(
                pod("orders-b", "10.0.0.2", "True", false),
                pod("orders-a", "10.0.0.1", "True", false),
                pod("orders-starting", "10.0.0.3", "False", false),
                pod("orders-pending", null, "True", false),
                pod("orders-leaving", "10.0.0.4", "True", true),
                new PodBuilder().withNewMetadata().withName("no-status").endMetadata().build()),
            8080);

    assertThat(targets)
        .containsExactly(
            new Target("orders-a", "orders-a-uid", "10.0.0.1", 8080),
            new Target("orders-b", "orders-b-uid", "10.0.0.2", 8080));
  }
}
