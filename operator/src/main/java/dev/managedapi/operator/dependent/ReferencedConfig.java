package dev.managedapi.operator.dependent;

import dev.managedapi.operator.api.v1alpha1.ConfigSpec;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Rolls a ManagedApi's pods when the content of a ConfigMap (or, when allowed, a Secret) they read
 * changes: a hash of that content goes into the pod template, so a change is a new template and the
 * Deployment rolls, the way the Keycloak operator does it.
 *
 * <p>Only referenced objects are watched: the operator labels each one it finds referenced with
 * {@value #REFERENCED_LABEL} and its informers select that label, so the operator's memory holds
 * the configuration its APIs read, not every ConfigMap of every namespace. RBAC cannot narrow a
 * list by label, so the permission is still namespace-wide; the label narrows what is cached.
 */
public final class ReferencedConfig {

  /** Put on referenced ConfigMaps and Secrets; informers select it. Never removed (harmless). */
  public static final String REFERENCED_LABEL = "managedapi.dev/referenced";

  private static final String LABEL_PATCH =
      "{\"metadata\":{\"labels\":{\"" + REFERENCED_LABEL + "\":\"true\"}}}";
  private static final String CONFIGMAPS = "referenced-configmaps";
  private static final String SECRETS = "referenced-secrets";

  private final boolean secretsAllowed;

  /**
   * @param secretsAllowed whether the operator may read Secrets to roll on their change (the
   *     chart's opt-in); without it Secrets are left out of the hash and never read
   */
  public ReferencedConfig(boolean secretsAllowed) {
    this.secretsAllowed = secretsAllowed;
  }

  public boolean secretsAllowed() {
    return secretsAllowed;
  }

  /** Informers on the labelled ConfigMaps (and Secrets), each event mapped to its readers. */
  public List<EventSource<?, ManagedApi>> eventSources(EventSourceContext<ManagedApi> context) {
    List<EventSource<?, ManagedApi>> sources = new ArrayList<>();
    sources.add(
        informer(context, ConfigMap.class, CONFIGMAPS, references -> references.configMaps()));
    if (secretsAllowed) {
      sources.add(informer(context, Secret.class, SECRETS, references -> references.secrets()));
    }
    return sources;
  }

  private static <R extends HasMetadata> InformerEventSource<R, ManagedApi> informer(
      EventSourceContext<ManagedApi> context,
      Class<R> type,
      String name,
      Function<ConfigReferences, SortedSet<String>> names) {
    // An index of the ManagedApis by the objects they read, so an event finds its readers.
    context
        .getPrimaryCache()
        .addIndexer(
            name,
            api ->
                api.getSpec() == null
                    ? List.of()
                    : names.apply(ConfigReferences.of(api.getSpec())).stream()
                        .map(object -> api.getMetadata().getNamespace() + "/" + object)
                        .toList());
    var configuration =
        InformerEventSourceConfiguration.from(type, ManagedApi.class)
            .withName(name)
            .withLabelSelector(REFERENCED_LABEL + "=true")
            .withSecondaryToPrimaryMapper(
                object ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            name,
                            object.getMetadata().getNamespace()
                                + "/"
                                + object.getMetadata().getName())
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withNamespacesInheritedFromController()
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  /**
   * The hash of everything {@code api}'s pods read from ConfigMaps (and allowed Secrets), or empty
   * when it reads none or has turned rolling off. An object not found counts as absent, so its
   * creation rolls the pods too (they were failing with CreateContainerConfigError).
   */
  public Optional<String> hash(ManagedApi api, Context<ManagedApi> context) {
    boolean rolls =
        Optional.ofNullable(api.getSpec().getConfig()).map(ConfigSpec::rollsOnChange).orElse(true);
    ConfigReferences references = ConfigReferences.of(api.getSpec());
    if (!rolls || references.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Map<String, String>> content = new TreeMap<>();
    for (String name : references.configMaps()) {
      Optional<ConfigMap> found = find(api, context, ConfigMap.class, CONFIGMAPS, name);
      content.put("configmap/" + name, found.map(ReferencedConfig::data).orElse(null));
    }
    if (secretsAllowed) {
      for (String name : references.secrets()) {
        Optional<Secret> found = find(api, context, Secret.class, SECRETS, name);
        content.put("secret/" + name, found.map(ReferencedConfig::data).orElse(null));
      }
    }
    return Optional.of(digest(content));
  }

  /**
   * From the informer when the object carries the label; else from the API server, labelling it so
   * the informer sees its changes from now on.
   */
  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> Optional<R> find(
      ManagedApi api, Context<ManagedApi> context, Class<R> type, String source, String name) {
    String namespace = api.getMetadata().getNamespace();
    InformerEventSource<R, ManagedApi> informer =
        (InformerEventSource<R, ManagedApi>)
            context.eventSourceRetriever().getEventSourceFor(type, source);
    Optional<R> cached = informer.get(new ResourceID(name, namespace));
    if (cached.isPresent()) {
      return cached;
    }
    KubernetesClient client = context.getClient();
    R found = client.resources(type).inNamespace(namespace).withName(name).get();
    if (found == null) {
      return Optional.empty();
    }
    client
        .resources(type)
        .inNamespace(namespace)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), LABEL_PATCH);
    return Optional.of(found);
  }

  private static Map<String, String> data(ConfigMap configMap) {
    Map<String, String> data = new TreeMap<>();
    Optional.ofNullable(configMap.getData()).ifPresent(data::putAll);
    Optional.ofNullable(configMap.getBinaryData())
        .ifPresent(binary -> binary.forEach((key, value) -> data.put("binary:" + key, value)));
    return data;
  }

  private static Map<String, String> data(Secret secret) {
    Map<String, String> data = new TreeMap<>();
    Optional.ofNullable(secret.getData()).ifPresent(data::putAll);
    Optional.ofNullable(secret.getStringData())
        .ifPresent(strings -> strings.forEach((key, value) -> data.put("string:" + key, value)));
    return data;
  }

  /**
   * A short SHA-256 over names, keys and values, length-prefixed so no two contents collide by
   * concatenation. It sits in the pod template, which anyone who can read pods sees; it reveals a
   * Secret no more than the sum of every referenced value hashed together.
   */
  static String digest(Map<String, Map<String, String>> content) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (var object : content.entrySet()) {
        update(sha, object.getKey());
        if (object.getValue() == null) {
          update(sha, "absent");
          continue;
        }
        update(sha, Integer.toString(object.getValue().size()));
        for (var entry : object.getValue().entrySet()) {
          update(sha, entry.getKey());
          update(sha, entry.getValue() == null ? "" : entry.getValue());
        }
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void update(MessageDigest sha, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    sha.update((byte) ':');
    sha.update(bytes);
  }
}
