package dev.managedapi.operator.dependent;

import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import java.util.LinkedHashMap;
import java.util.Map;

/** Label and annotation keys the operator stamps on what it owns. */
public final class Labels {

  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "managedapi-operator";

  /** Every informer the operator opens is filtered by this, so it caches only its own objects. */
  public static final String MANAGED_BY_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;

  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String COMPONENT_VALUE = "api";

  /**
   * The selector label. A Deployment's selector is immutable, so it holds only the ManagedApi's
   * name, which never changes either; pods map back to their ManagedApi through it.
   */
  public static final String MANAGEDAPI_NAME = "managedapi.dev/name";

  /** Pod template annotation: hash of the template without it, identifying the revision. */
  public static final String TEMPLATE_HASH = "managedapi.dev/template-hash";

  /** Pod template annotation that carries spec.restartedAt, so changing it rolls every pod. */
  public static final String RESTARTED_AT = "managedapi.dev/restarted-at";

  /**
   * ControllerRevision annotation: the ManagedApi spec (JSON) the revision's template was built
   * from, so `kubectl managedapi rollback --to-revision` can write its pod-template fields back.
   */
  public static final String SPEC = "managedapi.dev/spec";

  /** Hash of the referenced ConfigMaps' and Secrets' content on the pod template. */
  public static final String CONFIG_HASH = "managedapi.dev/config-hash";

  private Labels() {}

  /** Labels on every object the operator creates for {@code api}. */
  public static Map<String, String> common(ManagedApi api) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, api.getMetadata().getName());
    labels.put(INSTANCE, api.getMetadata().getName());
    labels.put(COMPONENT, COMPONENT_VALUE);
    labels.put(MANAGED_BY, MANAGED_BY_VALUE);
    labels.putAll(selector(api));
    return labels;
  }

  /**
   * A map JOSDK may add its own annotations to while it applies a desired object; it writes into
   * metadata maps and fails on null or immutable ones.
   */
  public static Map<String, String> mutableCopy(Map<String, String> annotations) {
    return annotations == null ? new LinkedHashMap<>() : new LinkedHashMap<>(annotations);
  }

  /** The Deployment's, Service's and PodDisruptionBudget's selector. */
  public static Map<String, String> selector(ManagedApi api) {
    return Map.of(MANAGEDAPI_NAME, api.getMetadata().getName());
  }
}
