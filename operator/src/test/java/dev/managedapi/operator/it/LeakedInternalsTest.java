package dev.managedapi.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The check every IT's operator runs under: what counts as leaking the operator's internals. */
class LeakedInternalsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        // What issue 11 found in status.conditions for a ManagedApi without a spec.
        "Cannot invoke \"dev.managedapi.operator.api.v1alpha1.ManagedApiSpec.getRestartBudget()\""
            + " because the return value of \"getSpec()\" is null",
        "java.lang.IllegalStateException: no plan in context",
        "Failure executing: PATCH at: https://127.0.0.1/x. Message: boom."
            + " io.fabric8.kubernetes.client.KubernetesClientException: timeout",
        "Reconcile failed: java.lang.OutOfMemoryError: Java heap space",
        "boom\n\tat dev.managedapi.operator.reconciler.ManagedApiReconciler.reconcile("
            + "ManagedApiReconciler.java:170)",
        "Cannot read field \"replicas\" because \"spec\" is null",
      })
  void findsExceptionNamesNullPointerTextsAndStackFrames(String message) {
    assertThat(LeakedInternals.leaks(message)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Applying the ManagedApi's resources failed: Deployment.apps \"shop\" is invalid:"
            + " spec.template.spec.containers[0].env[0].name: Required value",
        "The operator failed to reconcile this ManagedApi because of an internal error; the"
            + " operator's log has the details.",
        "Container api was OOMKilled (exit code 137) 4 times in 10m; image ghcr.io/acme/shop:1.2",
        "Labelled managedapi.dev/shard=blue: reconciled by that shard's operator.",
        "2 of 2 pods report DEGRADED: db (DataSourceHealthIndicator) is DOWN",
      })
  void passesTheOperatorsOwnSentences(String message) {
    assertThat(LeakedInternals.leaks(message)).isFalse();
  }

  @Test
  void scansConditionsOfAStatusWriteButNotTheApplicationsOwnFailureText() {
    String body =
        """
        {"apiVersion":"managedapi.dev/v1alpha1","kind":"ManagedApi",
         "status":{
           "conditions":[
             {"type":"Ready","status":"False","message":"Crash-looping: see CrashLooping."},
             {"type":"CrashLooping","status":"True","message":"%s"}],
           "lastFailure":{"message":"java.lang.IllegalStateException: the app's own words"}}}
        """;

    assertThat(
            LeakedInternals.in(
                "PATCH",
                "/apis/managedapi.dev/v1alpha1/namespaces/a/managedapis/shop/status",
                body.formatted("Container api exited with code 1.")))
        .isEmpty();
    assertThat(
            LeakedInternals.in(
                "PATCH",
                "/apis/managedapi.dev/v1alpha1/namespaces/a/managedapis/shop/status",
                body.formatted("java.lang.NullPointerException")))
        .singleElement()
        .asString()
        .contains("condition CrashLooping");
  }

  @Test
  void scansAnEventsMessage() {
    assertThat(
            LeakedInternals.in(
                "POST",
                "/api/v1/namespaces/a/events",
                """
                {"kind":"Event","reason":"ReconcileFailed",
                 "message":"io.javaoperatorsdk.operator.AggregatedOperatorException: x"}
                """))
        .singleElement()
        .asString()
        .contains("event ReconcileFailed");
  }
}
