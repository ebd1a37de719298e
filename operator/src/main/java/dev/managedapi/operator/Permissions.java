package dev.managedapi.operator;

import java.util.List;
import java.util.stream.Stream;

/**
 * The Kubernetes permissions the operator uses, in one place: Preflight checks them at startup and
 * the Helm chart's tests check that the chart grants exactly these.
 */
public final class Permissions {

  /** One resource and the verbs used on it. The core API group is the empty string. */
  public record Permission(String group, String resource, List<String> verbs) {
    Permission(String group, String resource, String verbs) {
      this(group, resource, List.of(verbs.split(" ")));
    }

    /** "group resource verb" lines, the form the chart tests compare. */
    public Stream<String> lines() {
      return verbs.stream().map(verb -> group + " " + resource + " " + verb);
    }
  }

  private static final String OWNED = "get list watch create patch delete";

  /** In every watched namespace. */
  public static final List<Permission> IN_WATCHED_NAMESPACES =
      List.of(
          new Permission("managedapi.dev", "managedapis", "get list watch"),
          new Permission("managedapi.dev", "managedapis/status", "patch"),
          new Permission("apps", "deployments", OWNED),
          new Permission("apps", "controllerrevisions", OWNED),
          new Permission("", "services", OWNED),
          new Permission("policy", "poddisruptionbudgets", OWNED),
          new Permission("autoscaling", "horizontalpodautoscalers", OWNED),
          new Permission("", "pods", "get list watch"),
          new Permission("", "pods/log", "get"),
          new Permission("", "events", "get list create patch"),
          // Read the ConfigMaps the pods read and label them, so only those are watched (roll on
          // change); create and delete the content-named copies of spec.config.snapshot.
          new Permission("", "configmaps", "get list watch patch create delete"));

  /**
   * Leader election, in the operator's namespace. Creating the Lease cannot be limited to a name
   * (RBAC sees no name on a create), the rest can: fabric8 renews it with a PATCH, JOSDK checks for
   * update.
   */
  public static final Permission LEASE_CREATE =
      new Permission("coordination.k8s.io", "leases", "create");

  public static final Permission LEASE_BY_NAME =
      new Permission("coordination.k8s.io", "leases", "get update patch");

  /** Only with webhook notifications, which read the URL from a Secret in the API's namespace. */
  public static final Permission WEBHOOK_SECRETS = new Permission("", "secrets", "get");

  /** Only with ROLL_ON_SECRET_CHANGE: the same for the Secrets the pods read. */
  public static final Permission REFERENCED_SECRETS =
      new Permission("", "secrets", "get list watch patch create delete");

  private Permissions() {}
}
