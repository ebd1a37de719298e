package dev.managedapi.operator;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks, before anything starts, that the cluster has the CRD and that RBAC allows what the
 * operator does. Without this the operator would start, then log informer errors forever; with it,
 * it exits at once with a message that says what to fix.
 */
public final class Preflight {

  /** Group, resource and verbs the operator needs in every watched namespace. */
  record Permission(String group, String resource, String... verbs) {}

  static final List<Permission> REQUIRED =
      List.of(
          new Permission(ManagedApi.GROUP, "managedapis", "get", "list", "watch"),
          new Permission(ManagedApi.GROUP, "managedapis/status", "patch"),
          new Permission(
              "apps", "deployments", "get", "list", "watch", "create", "patch", "delete"),
          new Permission("", "services", "get", "list", "watch", "create", "patch", "delete"),
          new Permission(
              "policy",
              "poddisruptionbudgets",
              "get",
              "list",
              "watch",
              "create",
              "patch",
              "delete"),
          new Permission(
              "autoscaling",
              "horizontalpodautoscalers",
              "get",
              "list",
              "watch",
              "create",
              "patch",
              "delete"),
          new Permission("", "pods", "get", "list", "watch"),
          new Permission("", "pods/log", "get"),
          new Permission("", "events", "get", "list", "create", "patch"));

  private Preflight() {}

  /** Returns the problems found; empty means the operator can start. */
  public static List<String> check(KubernetesClient client, OperatorConfig config) {
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
        problems.add("Cannot reach the Kubernetes API server: " + rootCause(e));
        return problems;
      }
    }
    for (String namespace : namespaces) {
      for (Permission permission : REQUIRED) {
        for (String verb : permission.verbs()) {
          if (!allowed(client, namespace, permission, verb)) {
            problems.add(
                "RBAC forbids %s %s%s%s"
                    .formatted(
                        verb,
                        permission.resource(),
                        permission.group().isEmpty() ? "" : "." + permission.group(),
                        namespace.isEmpty() ? " in all namespaces" : " in namespace " + namespace));
          }
        }
      }
    }
    if (config.leaderElection()) {
      Permission lease = new Permission("coordination.k8s.io", "leases", "get", "create", "update");
      for (String verb : lease.verbs()) {
        if (!allowed(client, config.operatorNamespace(), lease, verb)) {
          problems.add(
              "RBAC forbids %s leases.coordination.k8s.io in namespace %s (leader election)"
                  .formatted(verb, config.operatorNamespace()));
        }
      }
    }
    return problems;
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.getMessage() : root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static boolean allowed(
      KubernetesClient client, String namespace, Permission permission, String verb) {
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
}
