package dev.managedapi.operator.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Identities the operator can run as, the way a pod runs: a service account and its token. */
final class ServiceAccounts {

  private final KubernetesClient admin;
  private final String namespace;

  ServiceAccounts(KubernetesClient admin, String namespace) {
    this.admin = admin;
    this.namespace = namespace;
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
  }

  /** A token of service account {@code name}, created if need be. */
  String token(String name) {
    admin
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
    return admin
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(name)
        .tokenRequest(
            new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus()
        .getToken();
  }

  /** Binds service account {@code name} to {@code clusterRole} in every namespace. */
  void bindClusterRole(String name, String clusterRole) {
    admin
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(clusterRole)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName(clusterRole)
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(name)
                .withNamespace(namespace)
                .endSubject()
                .build())
        .create();
  }

  /**
   * A configuration that authenticates with a bearer token only, as a pod's service account does.
   */
  Config configFor(String token) {
    Config config = admin.getConfiguration();
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(config.getMasterUrl())
        .withCaCertData(config.getCaCertData())
        .withCaCertFile(config.getCaCertFile())
        .withOauthToken(token)
        .build();
  }
}
