package dev.managedapi.operator.e2e;

import dev.managedapi.operator.it.OperatorUnderTest;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The operator in the test's JVM on the local cluster, watching a fresh namespace of its own that
 * enforces Pod Security "restricted", so it never meets other tests' ManagedApis. Registered as a
 * static extension: it starts before the class's tests, then stops and deletes the namespace.
 */
final class ClusterOperator implements BeforeAllCallback, AfterAllCallback {

  private final String namespacePrefix;
  private KubernetesClient client;
  private String namespace;
  private OperatorUnderTest operator;

  private ClusterOperator(String namespacePrefix) {
    this.namespacePrefix = namespacePrefix;
  }

  static ClusterOperator inNewNamespace(String namespacePrefix) {
    return new ClusterOperator(namespacePrefix);
  }

  KubernetesClient client() {
    return client;
  }

  String namespace() {
    return namespace;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    client = LocalCluster.connect();
    LocalCluster.kubectl("apply", "--server-side", "-f", "crds/").succeeded();
    namespace = LocalCluster.restrictedNamespace(client, namespacePrefix);
    operator = OperatorUnderTest.watching(client, Set.of(namespace));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (operator != null) {
      operator.close();
    }
    if (client != null) {
      if (namespace != null) {
        client.namespaces().withName(namespace).delete();
      }
      client.close();
    }
  }
}
