package dev.managedapi.operator.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBindingBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/**
 * An admission policy that refuses Deployments in one namespace: the API server rejects the
 * operator's apply there, and the reconcile fails (and is retried) as it would under a policy
 * engine that forbids something the ManagedApi asks for.
 */
final class DeploymentRefusal {

  static final String MESSAGE = "no Deployments in this namespace";

  private DeploymentRefusal() {}

  /** Refuses every Deployment created or updated in {@code namespace}, which must exist. */
  static void refuseDeploymentsIn(KubernetesClient client, String namespace) {
    String name = "no-deployments-in-" + namespace;
    client
        .resource(
            new ValidatingAdmissionPolicyBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withFailurePolicy("Fail")
                .withNewMatchConstraints()
                .addNewResourceRule()
                .withApiGroups("apps")
                .withApiVersions("v1")
                .withOperations("CREATE", "UPDATE")
                .withResources("deployments")
                .endResourceRule()
                .endMatchConstraints()
                .addNewValidation()
                .withExpression("false")
                .withMessage(MESSAGE)
                .endValidation()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new ValidatingAdmissionPolicyBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withPolicyName(name)
                .withValidationActions("Deny")
                .withNewMatchResources()
                .withNewNamespaceSelector()
                .addToMatchLabels("kubernetes.io/metadata.name", namespace)
                .endNamespaceSelector()
                .endMatchResources()
                .endSpec()
                .build())
        .create();
    // The API server loads a policy a moment after it is created.
    await().atMost(Duration.ofSeconds(30)).until(() -> deploymentsAreRefused(client, namespace));
  }

  /** Lifts the refusal of {@link #refuseDeploymentsIn}, once the API server has let go of it. */
  static void lift(KubernetesClient client, String namespace) {
    client
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicyBindings()
        .withName("no-deployments-in-" + namespace)
        .delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> !deploymentsAreRefused(client, namespace));
  }

  private static boolean deploymentsAreRefused(KubernetesClient client, String namespace) {
    Deployment probe =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("probe")
            .endMetadata()
            .withNewSpec()
            .withNewSelector()
            .addToMatchLabels("app", "probe")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "probe")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("probe")
            .withImage("probe")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    try {
      client.apps().deployments().inNamespace(namespace).resource(probe).dryRun().create();
      return false;
    } catch (KubernetesClientException e) {
      return e.getMessage().contains(MESSAGE);
    }
  }
}
