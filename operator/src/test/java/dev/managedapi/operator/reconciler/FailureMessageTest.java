package dev.managedapi.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a failed reconcile writes into status and the event: words for users, never Java. */
class FailureMessageTest {

  static final String REFUSAL =
      "Deployment.apps \"orders\" is invalid: spec.template.spec.priorityClassName: Not found";

  static KubernetesClientException refused() {
    return new KubernetesClientException(
        "Failure executing: PATCH at: https://127.0.0.1/apis/apps/v1/deployments/orders",
        422,
        new StatusBuilder().withCode(422).withMessage(REFUSAL).build());
  }

  static Stream<Exception> internalFailures() {
    Map<String, Exception> mixed = new LinkedHashMap<>();
    mixed.put("deployment", refused());
    mixed.put("service", new NullPointerException("Cannot invoke \"String.length()\""));
    return Stream.of(
        new NullPointerException(
            "Cannot invoke \"dev.managedapi.operator.api.v1alpha1.ManagedApiSpec.getRestartBudget()\""),
        new IllegalStateException("Cannot hash pod template", new RuntimeException("boom")),
        new KubernetesClientException("Operation failed", new ConnectException("refused")),
        new UncheckedIOException(new java.io.IOException("Broken pipe")),
        new AggregatedOperatorException("failed", mixed));
  }

  @ParameterizedTest
  @MethodSource("internalFailures")
  void theOperatorsOwnFailuresAreASentenceWithoutExceptionText(Exception failure) {
    String message = ManagedApiReconciler.userMessage(failure);

    assertThat(message).isEqualTo(ManagedApiReconciler.INTERNAL_ERROR_MESSAGE);
    assertNoJava(message);
  }

  @Test
  void theMessageForNoSpecIsASentenceToo() {
    assertNoJava(ManagedApiReconciler.NO_SPEC_MESSAGE);
  }

  @Test
  void anApiServerRefusalIsReportedInTheApiServersWordsPerDependent() {
    Map<String, Exception> failures = new LinkedHashMap<>();
    failures.put("deployment", refused());
    failures.put("service", new IllegalStateException("wrapped", refused()));

    String message =
        ManagedApiReconciler.userMessage(new AggregatedOperatorException("failed", failures));

    assertThat(message)
        .isEqualTo(
            "Applying the ManagedApi's resources failed: deployment: "
                + REFUSAL
                + "; service: "
                + REFUSAL);
    assertNoJava(message);
  }

  static void assertNoJava(String message) {
    assertThat(message)
        .doesNotContain("Exception")
        .doesNotContain("java.")
        .doesNotContain("dev.managedapi")
        .doesNotContain("Cannot invoke")
        .doesNotContain("\tat ")
        .doesNotContain("https://");
  }
}
