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

  /** What a write answers once the namespace is removed, as the N=1,000 benchmark logged it. */
  private static KubernetesClientException namespaceGone() {
    return new KubernetesClientException(
        new StatusBuilder()
            .withCode(404)
            .withReason("NotFound")
            .withMessage("namespaces \"shop\" not found")
            .withNewDetails()
            .withKind("namespaces")
            .withName("shop")
            .endDetails()
            .build());
  }

  /** A 404 about something else: a referenced object that is missing is a real failure. */
  private static KubernetesClientException secretMissing() {
    return new KubernetesClientException(
        new StatusBuilder()
            .withCode(404)
            .withReason("NotFound")
            .withMessage("secrets \"orders-db\" not found")
            .withNewDetails()
            .withKind("secrets")
            .withName("orders-db")
            .endDetails()
            .build());
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
  void aNamespaceAlreadyGoneIsRecognisedAmongTheRefusals() {
    assertThat(NamespaceTermination.explains(namespaceGone())).isTrue();
    assertThat(
            NamespaceTermination.explains(
                new AggregatedOperatorException(
                    "workflow", Map.of("deployment", terminating(), "service", namespaceGone()))))
        .isTrue();
  }

  @Test
  void anyOtherFailureIsStillAFailure() {
    assertThat(NamespaceTermination.explains(forbiddenByRbac())).isFalse();
    assertThat(NamespaceTermination.explains(secretMissing())).isFalse();
    assertThat(NamespaceTermination.explains(new IllegalStateException("boom"))).isFalse();
    assertThat(
            NamespaceTermination.explains(
                new AggregatedOperatorException(
                    "workflow", Map.of("deployment", terminating(), "service", forbiddenByRbac()))))
        .as("one real failure among the refusals")
        .isFalse();
  }
}
