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
   * Never in a watched namespace, in the same "group resource verb" form: editing or deleting what
   * users own, reading their configuration, running code in pods, minting tokens, escalating.
   */
  public static final List<String> NEVER_IN_WATCHED_NAMESPACES =
      List.of(
          "managedapi.dev managedapis create",
          "managedapi.dev managedapis update",
          "managedapi.dev managedapis patch",
          "managedapi.dev managedapis delete",
          " secrets list",
          " secrets watch",
          " configmaps get",
          " pods create",
          " pods delete",
          " pods/exec create",
          " pods/portforward create",
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
   * The leader-election Lease, in the release namespace. Renewing is a PATCH (fabric8's lease
   * lock); `update` is what JOSDK and the operator's startup check ask for.
   */
  public static final Set<String> LEADER_ELECTION =
      grant("coordination.k8s.io", "leases", "get create update patch")
          .collect(Collectors.toCollection(TreeSet::new));

  private OperatorPermissions() {}
}
