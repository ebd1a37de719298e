package dev.managedapi.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.operator.api.v1alpha1.AutoscalingSpec;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.testing.TestManagedApis;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

class DeploymentDependentTest {

  final ManagedApi api = TestManagedApis.managedApi("orders");

  @Test
  void theDeploymentRunsThePlannedTemplateWithTheRolloutSettings() {
    DeploymentPlan plan = plan(3);
    Deployment deployment = DeploymentDependent.build(api, plan);

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(deployment.getSpec().getTemplate()).isEqualTo(plan.template());
    assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(Labels.selector(api));
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal())
        .isEqualTo("25%");
    assertThat(
            deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isZero();
    assertThat(deployment.getSpec().getProgressDeadlineSeconds()).isEqualTo(600);
    assertThat(deployment.getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
  }

  @Test
  void theSelectorIsTheSameWhateverTheSpecSays() {
    Deployment before = DeploymentDependent.build(api, plan(1));
    api.getSpec().setImage("ghcr.io/acme/orders:2.0.0");
    api.getSpec().getPod().setLabels(java.util.Map.of("tier", "gold"));
    Deployment after = DeploymentDependent.build(api, plan(1));

    assertThat(after.getSpec().getSelector()).isEqualTo(before.getSpec().getSelector());
  }

  @Test
  void underAnAutoscalerTheDeploymentLeavesReplicasAlone() {
    AutoscalingSpec autoscaling = new AutoscalingSpec();
    autoscaling.setMinReplicas(2);
    autoscaling.setMaxReplicas(5);
    api.getSpec().setAutoscaling(autoscaling);
    DeploymentPlan plan = plan(null);

    assertThat(DeploymentDependent.build(api, plan).getSpec().getReplicas()).isNull();
    assertThat(plan.autoscaled()).isTrue();
    assertThat(plan.wantsDisruptionBudget(api)).isTrue();
  }

  @Test
  void aDisruptionBudgetOnlyProtectsMoreThanOnePod() {
    assertThat(plan(1).wantsDisruptionBudget(api)).isFalse();
    assertThat(plan(0).wantsDisruptionBudget(api)).isFalse();
    assertThat(plan(2).wantsDisruptionBudget(api)).isTrue();
    api.getSpec().getDisruption().setEnabled(false);
    assertThat(plan(2).wantsDisruptionBudget(api)).isFalse();
  }

  @Test
  void theDisruptionBudgetLetsUnhealthyPodsGo() {
    var pdb = DisruptionBudgetDependent.build(api);

    assertThat(pdb.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(Labels.selector(api));
  }

  @Test
  void theServiceTargetsTheNamedPort() {
    var service = ServiceDependent.build(api);

    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getPort()).isEqualTo(80);
              assertThat(port.getTargetPort().getStrVal()).isEqualTo(PodTemplateFactory.PORT_NAME);
            });
    assertThat(ServiceDependent.url(api, "cluster.local"))
        .isEqualTo("http://orders.shop.svc.cluster.local:80");
  }

  private DeploymentPlan plan(Integer replicas) {
    var template = PodTemplateFactory.build(api);
    return new DeploymentPlan(template, TemplateHash.read(template).orElseThrow(), replicas);
  }
}
