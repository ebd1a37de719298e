package dev.managedapi.operator.it;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import dev.managedapi.operator.status.Conditions;
import dev.managedapi.operator.testing.MutableClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** Creating ManagedApis from YAML, as users do, and waiting on what their status says. */
public final class ManagedApis {

  private final KubernetesClient client;
  private final String namespace;

  public ManagedApis(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .serverSideApply();
  }

  /** Creates a ManagedApi from the YAML of its spec, indented as under `spec:`. */
  public ManagedApi create(String name, String specYaml) {
    return create(name, java.util.Map.of(), specYaml);
  }

  /** Creates a ManagedApi with these labels from the YAML of its spec. */
  public ManagedApi create(String name, java.util.Map<String, String> labels, String specYaml) {
    String yaml =
        """
        apiVersion: managedapi.dev/v1alpha1
        kind: ManagedApi
        metadata:
          name: %s
          namespace: %s
        spec:
        %s"""
            .formatted(name, namespace, specYaml.indent(2));
    ManagedApi api =
        client
            .resources(ManagedApi.class)
            .inNamespace(namespace)
            .load(new java.io.ByteArrayInputStream(yaml.getBytes()))
            .item();
    if (!labels.isEmpty()) {
      api.getMetadata().setLabels(labels);
    }
    return client.resources(ManagedApi.class).inNamespace(namespace).resource(api).create();
  }

  public Resource<ManagedApi> resource(String name) {
    return client.resources(ManagedApi.class).inNamespace(namespace).withName(name);
  }

  public ManagedApi get(String name) {
    return resource(name).get();
  }

  /**
   * Changes the spec the way `kubectl edit` does: read, change, write with the resourceVersion
   * read, and start over when the operator wrote the status in between.
   */
  public ManagedApi edit(String name, java.util.function.Consumer<ManagedApi> change) {
    for (int attempt = 1; ; attempt++) {
      ManagedApi api = get(name);
      change.accept(api);
      try {
        return client.resources(ManagedApi.class).inNamespace(namespace).resource(api).update();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  public ManagedApi awaitStatus(String name, Predicate<ManagedApi> condition) {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> get(name), api -> api != null && api.getStatus() != null && condition.test(api));
  }

  public ManagedApi awaitCondition(String name, String type, String status, String reason) {
    return awaitStatus(
        name,
        api ->
            condition(api, type)
                .filter(
                    c ->
                        status.equals(c.getStatus())
                            && (reason == null || reason.equals(c.getReason())))
                .isPresent());
  }

  /**
   * Waits until the current revision's pods count as healthy, moves the operator's clock past the
   * stabilization period (as given in the spec) and waits until the operator records the revision
   * as the last healthy one, the one a Rollback returns to.
   */
  public ManagedApi awaitProvenHealthy(
      String name,
      ControllerSimulator cluster,
      String pod,
      MutableClock clock,
      Duration stabilization) {
    awaitStatus(
        name,
        api ->
            api.getStatus().getCurrentRevision() != null
                && api.getStatus().getCurrentRevision().healthySince() != null);
    clock.advance(stabilization.plusSeconds(1));
    cluster.touch(pod);
    return awaitStatus(name, api -> api.getStatus().getLastHealthyRevision() != null);
  }

  public static Optional<Condition> condition(ManagedApi api, String type) {
    return Conditions.find(api.getStatus().getConditions(), type);
  }
}
