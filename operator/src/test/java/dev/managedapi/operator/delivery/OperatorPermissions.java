package dev.managedapi.operator.delivery;

import static dev.managedapi.operator.delivery.RenderedChart.grant;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the chart promises to grant the operator, as "group resource verb" lines (the core group is
 * the empty string), and what it must never grant. HelmChartIT compares the rendered RBAC with
 * these; HelmInstallE2E asks the real API server about each of them with `kubectl auth can-i`.
 */
public final class OperatorPermissions {

  private static final String OWNED = "get list watch create patch delete";

  /** In every watched namespace. The operator's Preflight checks the same list at startup. */
  public static final Set<String> IN_WATCHED_NAMESPACES =
      Stream.of(
              grant("managedapi.dev", "managedapis", "get list watch"),
              grant("managedapi.dev", "managedapis/status", "patch"),
              grant("apps", "deployments", OWNED),
              grant("", "services", OWNED),
              grant("policy", "poddisruptionbudgets", OWNED),
              grant("autoscaling", "horizontalpodautoscalers", OWNED),
              grant("", "pods", "get list watch"),
              grant("", "pods/log", "get"),
              grant("", "events", "get list create patch"))
          .flatMap(s -> s)
          .collect(Collectors.toCollection(TreeSet::new));

  /** Added in watched namespaces when notifications.webhookSecretAccess is on. */
  public static final String SECRET_GET = " secrets get";

  /**
   * Never in a watched namespace, as `kubectl auth can-i` verb and resource: editing or deleting
   * what users own, reading their configuration, running code in pods, or escalating.
   */
  public static final List<String> NEVER_IN_WATCHED_NAMESPACES =
      List.of(
          "delete managedapis.managedapi.dev",
          "patch managedapis.managedapi.dev",
          "update managedapis.managedapi.dev",
          "create managedapis.managedapi.dev",
          "list secrets",
          "watch secrets",
          "get configmaps",
          "create pods",
          "delete pods",
          "create pods/exec",
          "create pods/portforward",
          "update deployments.apps",
          "create serviceaccounts/token",
          "create roles.rbac.authorization.k8s.io",
          "create rolebindings.rbac.authorization.k8s.io",
          "deletecollection deployments.apps");

  /** Never anywhere (`kubectl auth can-i ... --all-namespaces` or cluster-scoped). */
  public static final List<String> NEVER_CLUSTER_WIDE =
      List.of(
          "* *",
          "list nodes",
          "list namespaces",
          "create clusterroles.rbac.authorization.k8s.io",
          "create clusterrolebindings.rbac.authorization.k8s.io",
          "escalate clusterroles.rbac.authorization.k8s.io",
          "bind clusterroles.rbac.authorization.k8s.io",
          "impersonate users",
          "get customresourcedefinitions.apiextensions.k8s.io",
          "delete customresourcedefinitions.apiextensions.k8s.io",
          "create validatingwebhookconfigurations.admissionregistration.k8s.io");

  /** The leader-election Lease in the release namespace. */
  public static Set<String> leaderElection(String leaseName) {
    Set<String> lease = new TreeSet<>();
    lease.add("coordination.k8s.io leases create");
    grant("coordination.k8s.io", "leases", "get update patch")
        .map(permission -> permission + " [" + leaseName + "]")
        .forEach(lease::add);
    return lease;
  }

  private OperatorPermissions() {}
}
