package dev.managedapi.operator.delivery;

import dev.managedapi.operator.Permissions;
import dev.managedapi.operator.Permissions.Permission;
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

  /** In every watched namespace: what the operator declares it uses and Preflight checks. */
  public static final Set<String> IN_WATCHED_NAMESPACES =
      Permissions.IN_WATCHED_NAMESPACES.stream()
          .flatMap(Permission::lines)
          .collect(Collectors.toCollection(TreeSet::new));

  /** Added in watched namespaces when notifications.webhookSecretAccess is on. */
  public static final String SECRET_GET =
      Permissions.WEBHOOK_SECRETS.lines().findFirst().orElseThrow();

  /** Instead, when configRollout.secrets is on: read, watch and label the Secrets pods read. */
  public static final Set<String> REFERENCED_SECRETS =
      Permissions.REFERENCED_SECRETS.lines().collect(Collectors.toCollection(TreeSet::new));

  /**
   * Never in a watched namespace, in the same "group resource verb" form: editing or deleting what
   * users own, running code in pods, reaching pods' ports through the API server, minting tokens,
   * escalating.
   */
  public static final List<String> NEVER_IN_WATCHED_NAMESPACES =
      List.of(
          "managedapi.dev managedapis create",
          "managedapi.dev managedapis update",
          "managedapi.dev managedapis patch",
          "managedapi.dev managedapis delete",
          " secrets list",
          " secrets watch",
          " pods create",
          " pods delete",
          " pods/exec create",
          " pods/portforward create",
          // Health bodies are read at the pod IP, not through the API server's proxy, which would
          // reach every port of every pod in the namespace (docs/architecture.md).
          " pods/proxy get",
          " pods/proxy create",
          " services/proxy get",
          " serviceaccounts/token create",
          "apps deployments update",
          "apps deployments deletecollection",
          "rbac.authorization.k8s.io roles create",
          "rbac.authorization.k8s.io rolebindings create");

  /** Never in any namespace, nor on cluster-scoped resources. */
  public static final List<String> NEVER_CLUSTER_WIDE =
      List.of(
          " nodes list",
          " namespaces list",
          " users impersonate",
          "rbac.authorization.k8s.io clusterroles create",
          "rbac.authorization.k8s.io clusterrolebindings create",
          "rbac.authorization.k8s.io clusterroles escalate",
          "rbac.authorization.k8s.io clusterroles bind",
          "apiextensions.k8s.io customresourcedefinitions get",
          "apiextensions.k8s.io customresourcedefinitions delete",
          "admissionregistration.k8s.io validatingwebhookconfigurations create");

  /**
   * The leader-election Lease, in the release namespace: creating it (RBAC cannot limit a create to
   * a name), and reading and renewing only that Lease.
   */
  public static Set<String> leaderElection(String leaseName) {
    return Stream.concat(
            Permissions.LEASE_CREATE.lines(),
            Permissions.LEASE_BY_NAME.lines().map(line -> line + " [" + leaseName + "]"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private OperatorPermissions() {}
}
