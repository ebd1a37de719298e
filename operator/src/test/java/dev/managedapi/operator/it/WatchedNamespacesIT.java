package dev.managedapi.operator.it;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An operator told to watch several namespaces runs one informer per namespace, and must know every
 * namespace's ManagedApis and pods from its first list on, whatever exists when it starts. Before,
 * the namespaces' informers shared one cache, and each list pruned from it what that namespace
 * lacked: the namespace listed last was the only one the operator reconciled or counted pods of.
 */
@EnableKubeAPIServer
class WatchedNamespacesIT {

  static KubernetesClient client;
  static final List<String> NAMESPACES = List.of("north", "south");

  @BeforeAll
  static void installCrds() {
    Crds.install(client);
  }

  @Test
  void anOperatorStartedOverSeveralNamespacesReconcilesAndWatchesThePodsOfEach() {
    Map<String, ManagedApis> apis = new HashMap<>();
    Map<String, ControllerSimulator> clusters = new HashMap<>();
    for (String namespace : NAMESPACES) {
      apis.put(namespace, new ManagedApis(client, namespace));
      clusters.put(namespace, new ControllerSimulator(client, namespace));
      apis.get(namespace).create("orders", "image: ghcr.io/acme/orders:1.4.2");
    }

    // Both ManagedApis exist before the operator's first list.
    Map<String, String> pods = new HashMap<>();
    try (var operator = OperatorUnderTest.watching(client, Set.copyOf(NAMESPACES))) {
      for (String namespace : NAMESPACES) {
        pods.put(
            namespace,
            clusters.get(namespace).rollOut("orders").getFirst().getMetadata().getName());
        apis.get(namespace).awaitCondition("orders", "Ready", "True", "Ready");
      }
    }

    // With no operator running, a pod in each namespace crashes; the next operator's first list of
    // pods is the only news of it.
    for (String namespace : NAMESPACES) {
      clusters.get(namespace).crash(pods.get(namespace), 1, "Error", "panic: out of connections");
    }
    try (var operator = OperatorUnderTest.watching(client, Set.copyOf(NAMESPACES))) {
      for (String namespace : NAMESPACES) {
        apis.get(namespace).awaitCondition("orders", "CrashLooping", "True", null);
      }
    }
  }
}
