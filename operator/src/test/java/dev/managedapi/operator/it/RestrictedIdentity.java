package dev.managedapi.operator.it;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A service account with everything the operator needs, its right to the Lease in "default" granted
 * apart so a test can take it away.
 */
final class RestrictedIdentity {

  private static final String LEASES = "operator-leases";

  private final KubernetesClient admin;
  private final ServiceAccounts accounts;
  private final String namespace;
  private final String token;

  RestrictedIdentity(KubernetesClient admin, String namespace) {
    this.admin = admin;
    this.namespace = namespace;
    accounts = new ServiceAccounts(admin, namespace);
    token = accounts.token("operator");
    admin
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("operator-but-leases")
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups(
                            "",
                            "apps",
                            "policy",
                            "autoscaling",
                            "managedapi.dev",
                            "authorization.k8s.io")
                        .withResources("*")
                        .withVerbs("*")
                        .build())
                .build())
        .serverSideApply();
    accounts.bindClusterRole("operator", "operator-but-leases");
    admin
        .rbac()
        .roles()
        .inNamespace("default")
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(LEASES)
                .endMetadata()
                .withRules(
                    new PolicyRuleBuilder()
                        .withApiGroups("coordination.k8s.io")
                        .withResources("leases")
                        .withVerbs("*")
                        .build())
                .build())
        .serverSideApply();
    admin
        .rbac()
        .roleBindings()
        .inNamespace("default")
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(LEASES)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role")
                .withName(LEASES)
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("operator")
                .withNamespace(namespace)
                .endSubject()
                .build())
        .serverSideApply();
  }

  Config clientConfig() {
    return accounts.configFor(token);
  }

  void revokeLeases() {
    admin.rbac().roleBindings().inNamespace("default").withName(LEASES).delete();
  }
}
