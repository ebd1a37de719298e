package dev.managedapi.operator.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceTerminationTest {

  /** What NamespaceLifecycle admission answers a create in a namespace being deleted. */
  private static KubernetesClientException terminating() {
    Status status =
        new StatusBuilder()
            .withCode(403)
            .withReason("Forbidden")
            .withMessage(
                "deployments.apps \"orders\" is forbidden: unable to create new content in"
                    + " namespace shop because it is being terminated")
            .withNewDetails()
            .withName("orders")
            .addNewCause()
            .withReason("NamespaceTerminating")
            .withField("metadata.namespace")
            .withMessage("namespace shop is being terminated")
            .endCause()
            .endDetails()
            .build();
    return new KubernetesClientException(status);
  }

  private static KubernetesClientException forbiddenByRbac() {
    return new KubernetesClientException(
        new StatusBuilder()
            .withCode(403)
            .withReason("Forbidden")
            .withMessage("deployments.apps is forbidden: User cannot create resource")
            .build());
  }

  @Test
  void aRefusalBecauseTheNamespaceIsTerminatingIsRecognisedThroughWrappers() {
    assertThat(NamespaceTermination.explains(terminating())).isTrue();
    assertThat(NamespaceTermination.explains(new IllegalStateException(terminating()))).isTrue();
    assertThat(
            NamespaceTermination.explains(
                new AggregatedOperatorException(
                    "workflow", Map.of("deployment", terminating(), "service", terminating()))))
        .isTrue();
  }

  @Test
  void anyOtherFailureIsStillAFailure() {
    assertThat(NamespaceTermination.explains(forbiddenByRbac())).isFalse();
    assertThat(NamespaceTermination.explains(new IllegalStateException("boom"))).isFalse();
    assertThat(
            NamespaceTermination.explains(
                new AggregatedOperatorException(
                    "workflow", Map.of("deployment", terminating(), "service", forbiddenByRbac()))))
        .as("one real failure among the refusals")
        .isFalse();
  }
}
