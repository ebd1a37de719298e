package dev.managedapi.operator;

import dev.managedapi.operator.Permissions.Permission;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.client.KubernetesErrors;
import dev.managedapi.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before anything starts, that the cluster has the CRD and that RBAC allows what the
 * operator does. Without this the operator would start, then log informer errors forever; with it,
 * it exits at once with a message that says what to fix. An API server that cannot be reached is
 * not such a problem: {@link #check} throws {@link ApiServerUnavailableException} and the caller
 * waits for it.
 */
public final class Preflight {

  private static final Logger log = LoggerFactory.getLogger(Preflight.class);

  private Preflight() {}

  /**
   * Returns the problems found; empty means the operator can start.
   *
   * @throws ApiServerUnavailableException when the API server cannot answer now
   */
  public static List<String> check(KubernetesClient client, OperatorConfig config) {
    try {
      return problems(client, config);
    } catch (KubernetesClientException e) {
      if (KubernetesErrors.isUnavailable(e)) {
        throw new ApiServerUnavailableException(client.getMasterUrl(), e);
      }
      return List.of(
          "The Kubernetes API server at %s refused the check: %s"
              .formatted(client.getMasterUrl(), KubernetesErrors.describe(e)));
    }
  }

  /**
   * {@link #check}, repeated while the API server cannot be reached, waiting {@code firstBackoff}
   * and then twice as long each time up to {@code maxBackoff}, with one log line per wait: an
   * operator started during an API-server outage starts when it ends, instead of exiting into a
   * crash loop of its own.
   */
  public static List<String> checkWhenReachable(
      KubernetesClient client, OperatorConfig config, Duration firstBackoff, Duration maxBackoff)
      throws InterruptedException {
    Duration backoff = firstBackoff;
    while (true) {
      try {
        return check(client, config);
      } catch (ApiServerUnavailableException e) {
        log.warn("{}; retrying in {} s", e.getMessage(), backoff.toSeconds());
        Thread.sleep(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(maxBackoff) > 0
                ? maxBackoff
                : backoff.multipliedBy(2);
      }
    }
  }

  private static List<String> problems(KubernetesClient client, OperatorConfig config) {
    List<String> problems = new ArrayList<>();
    Set<String> namespaces = config.watchesAllNamespaces() ? Set.of("") : config.watchNamespaces();
    try {
      if (config.watchesAllNamespaces()) {
        client.resources(ManagedApi.class).inAnyNamespace().list();
      } else {
        client.resources(ManagedApi.class).inNamespace(namespaces.iterator().next()).list();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        problems.add(
            "The ManagedApi CRD (%s) is not installed: run `kubectl apply --server-side -f crds/`"
                .formatted(ManagedApi.CRD_NAME));
        return problems;
      }
      if (e.getCode() != 403) {
        throw e; // check() tells an outage from a refusal
      }
    }
    for (String namespace : namespaces) {
      for (Permission permission : Permissions.IN_WATCHED_NAMESPACES) {
        check(client, namespace, permission, null, problems);
      }
      if (config.rollOnSecretChange()) {
        check(client, namespace, Permissions.REFERENCED_SECRETS, null, problems);
      }
    }
    if (config.leaderElection()) {
      check(client, config.operatorNamespace(), Permissions.LEASE_CREATE, null, problems);
      check(
          client,
          config.operatorNamespace(),
          Permissions.LEASE_BY_NAME,
          config.leaseName(),
          problems);
    }
    return problems;
  }

  private static void check(
      KubernetesClient client,
      String namespace,
      Permission permission,
      String name,
      List<String> problems) {
    for (String verb : permission.verbs()) {
      if (!allowed(client, namespace, permission, verb, name)) {
        problems.add(
            "RBAC forbids %s %s%s%s%s"
                .formatted(
                    verb,
                    permission.resource(),
                    permission.group().isEmpty() ? "" : "." + permission.group(),
                    name == null ? "" : " " + name,
                    namespace.isEmpty() ? " in all namespaces" : " in namespace " + namespace));
      }
    }
  }

  private static boolean allowed(
      KubernetesClient client, String namespace, Permission permission, String verb, String name) {
    String[] parts = permission.resource().split("/", 2);
    SelfSubjectAccessReview review =
        new SelfSubjectAccessReviewBuilder()
            .withNewSpec()
            .withResourceAttributes(
                new ResourceAttributesBuilder()
                    .withGroup(permission.group())
                    .withResource(parts[0])
                    .withSubresource(parts.length > 1 ? parts[1] : null)
                    .withVerb(verb)
                    .withNamespace(namespace.isEmpty() ? null : namespace)
                    .withName(name)
                    .build())
            .endSpec()
            .build();
    return client
        .authorization()
        .v1()
        .selfSubjectAccessReview()
        .create(review)
        .getStatus()
        .getAllowed();
  }

  /** The API server did not answer, or answered that it cannot serve now: worth waiting for. */
  public static final class ApiServerUnavailableException extends RuntimeException {
    ApiServerUnavailableException(java.net.URL apiServer, KubernetesClientException cause) {
      super(
          "Cannot reach the Kubernetes API server at %s: %s"
              .formatted(apiServer, KubernetesErrors.describe(cause)),
          cause);
    }
  }
}
