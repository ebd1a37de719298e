package dev.managedapi.operator.dependent;

import dev.managedapi.operator.api.v1alpha1.ConfigSpec;
import dev.managedapi.operator.api.v1alpha1.ManagedApi;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

  /** On a copy made for spec.config.snapshot: the name of the object it copies. */
  public static final String SNAPSHOT_OF_LABEL = "managedapi.dev/snapshot-of";

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
   * What the pods of {@code api} get from configuration this pass: the hash of everything they read
   * from ConfigMaps (and allowed Secrets), empty when they read none or rolling is off; and, with
   * {@code spec.config.snapshot}, the content-named copies to read instead of the originals. An
   * object not found counts as absent, so its creation rolls the pods too (they were failing with
   * CreateContainerConfigError); it has no copy, so the pods name it and wait for it.
   */
  public Resolution resolve(ManagedApi api, Context<ManagedApi> context) {
    ConfigSpec config = Optional.ofNullable(api.getSpec().getConfig()).orElseGet(ConfigSpec::new);
    ConfigReferences references = ConfigReferences.of(api.getSpec());
    if (references.isEmpty() || !(config.rollsOnChange() || config.snapshots())) {
      return Resolution.NONE;
    }
    Map<String, Map<String, String>> content = new TreeMap<>();
    Map<String, String> configMapCopies = new TreeMap<>();
    Map<String, String> secretCopies = new TreeMap<>();
    for (String name : references.configMaps()) {
      Optional<ConfigMap> found = find(api, context, ConfigMap.class, CONFIGMAPS, name);
      content.put("configmap/" + name, found.map(ReferencedConfig::data).orElse(null));
      if (config.snapshots() && found.isPresent()) {
        configMapCopies.put(name, snapshot(api, context, found.get(), CONFIGMAPS));
      }
    }
    if (secretsAllowed) {
      for (String name : references.secrets()) {
        Optional<Secret> found = find(api, context, Secret.class, SECRETS, name);
        content.put("secret/" + name, found.map(ReferencedConfig::data).orElse(null));
        if (config.snapshots() && found.isPresent()) {
          secretCopies.put(name, snapshot(api, context, found.get(), SECRETS));
        }
      }
    }
    Optional<String> hash =
        config.rollsOnChange() ? Optional.of(digest(content)) : Optional.empty();
    return new Resolution(hash, configMapCopies, secretCopies);
  }

  /**
   * The name of an immutable copy of {@code original} named after its content, created if it is not
   * there yet. Owned by the ManagedApi (garbage-collected with it) and labelled with the original's
   * name and the ManagedApi's, so {@link #collectUnused} finds it.
   */
  private static <R extends HasMetadata> String snapshot(
      ManagedApi api, Context<ManagedApi> context, R original, String source) {
    String hash =
        original instanceof Secret secret
            ? contentHash(data(secret))
            : contentHash(data((ConfigMap) original));
    String base = original.getMetadata().getName();
    String name = (base.length() > 240 ? base.substring(0, 240) : base) + "-" + hash;
    @SuppressWarnings("unchecked")
    Class<R> type = (Class<R>) original.getClass();
    InformerEventSource<R, ManagedApi> informer = informer(context, type, source);
    String namespace = api.getMetadata().getNamespace();
    if (informer.get(new ResourceID(name, namespace)).isPresent()
        || context.getClient().resources(type).inNamespace(namespace).withName(name).get()
            != null) {
      return name;
    }
    HasMetadata copy =
        original instanceof Secret secret
            ? secretCopy(secret)
            : configMapCopy((ConfigMap) original);
    copy.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(
                Map.of(
                    REFERENCED_LABEL,
                    "true",
                    Labels.MANAGEDAPI_NAME,
                    api.getMetadata().getName(),
                    Labels.MANAGED_BY,
                    Labels.MANAGED_BY_VALUE,
                    SNAPSHOT_OF_LABEL,
                    base.length() > 63 ? base.substring(0, 63) : base))
            .withOwnerReferences(Owners.of(api, false))
            .build());
    try {
      context.getClient().resource(copy).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // Another pass made the same copy: its content is the same by its name.
    }
    return name;
  }

  private static ConfigMap configMapCopy(ConfigMap original) {
    ConfigMap copy = new ConfigMap();
    copy.setData(original.getData());
    copy.setBinaryData(original.getBinaryData());
    copy.setImmutable(true);
    return copy;
  }

  private static Secret secretCopy(Secret original) {
    Secret copy = new Secret();
    copy.setType(original.getType());
    copy.setData(original.getData());
    copy.setStringData(original.getStringData());
    copy.setImmutable(true);
    return copy;
  }

  /**
   * Deletes the copies of {@code api}'s configuration that nothing uses any more: {@code inUse}
   * gives the names the current template, the kept revisions and the running pods read. It is asked
   * only when the ManagedApi has copies, so a ManagedApi without snapshots pays one cache lookup
   * per pass, not a read of every kept revision's template.
   */
  public void collectUnused(
      ManagedApi api, Context<ManagedApi> context, Supplier<ConfigReferences> inUse) {
    List<ConfigMap> configMaps = copies(api, context, ConfigMap.class, CONFIGMAPS);
    List<Secret> secrets = secretsAllowed ? copies(api, context, Secret.class, SECRETS) : List.of();
    if (configMaps.isEmpty() && secrets.isEmpty()) {
      return;
    }
    ConfigReferences used = inUse.get();
    Stream.concat(
            configMaps.stream().filter(c -> !used.configMaps().contains(c.getMetadata().getName())),
            secrets.stream().filter(s -> !used.secrets().contains(s.getMetadata().getName())))
        .forEach(unused -> context.getClient().resource(unused).delete());
  }

  /** The snapshot copies made for {@code api}, from the informer's cache. */
  private static <R extends HasMetadata> List<R> copies(
      ManagedApi api, Context<ManagedApi> context, Class<R> type, String source) {
    String owner = api.getMetadata().getName();
    return informer(context, type, source)
        .list(
            api.getMetadata().getNamespace(),
            object ->
                object.getMetadata().getLabels() != null
                    && owner.equals(object.getMetadata().getLabels().get(Labels.MANAGEDAPI_NAME))
                    && object.getMetadata().getLabels().containsKey(SNAPSHOT_OF_LABEL))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> InformerEventSource<R, ManagedApi> informer(
      Context<ManagedApi> context, Class<R> type, String source) {
    return (InformerEventSource<R, ManagedApi>)
        context.eventSourceRetriever().getEventSourceFor(type, source);
  }

  /**
   * The configuration a pass resolved: the content hash for the template's annotation, and the
   * copies to point the pods at (original name to copy name) when snapshots are on.
   */
  public record Resolution(
      Optional<String> hash,
      Map<String, String> configMapCopies,
      Map<String, String> secretCopies) {

    public static final Resolution NONE = new Resolution(Optional.empty(), Map.of(), Map.of());

    /** Points {@code pod}'s env and envFrom at the copies instead of the originals. */
    public void pointAtCopies(PodSpec pod) {
      List<Container> containers = new ArrayList<>();
      Optional.ofNullable(pod.getContainers()).ifPresent(containers::addAll);
      Optional.ofNullable(pod.getInitContainers()).ifPresent(containers::addAll);
      for (Container container : containers) {
        for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
          EnvVarSource from = variable.getValueFrom();
          if (from != null && from.getConfigMapKeyRef() != null) {
            from.getConfigMapKeyRef()
                .setName(renamed(configMapCopies, from.getConfigMapKeyRef().getName()));
          }
          if (from != null && from.getSecretKeyRef() != null) {
            from.getSecretKeyRef().setName(renamed(secretCopies, from.getSecretKeyRef().getName()));
          }
        }
        for (EnvFromSource source : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
          if (source.getConfigMapRef() != null) {
            source
                .getConfigMapRef()
                .setName(renamed(configMapCopies, source.getConfigMapRef().getName()));
          }
          if (source.getSecretRef() != null) {
            source.getSecretRef().setName(renamed(secretCopies, source.getSecretRef().getName()));
          }
        }
      }
    }

    private static String renamed(Map<String, String> copies, String name) {
      return copies.getOrDefault(name, name);
    }
  }

  /**
   * From the informer when the object carries the label; else from the API server, labelling it so
   * the informer sees its changes from now on.
   */
  private static <R extends HasMetadata> Optional<R> find(
      ManagedApi api, Context<ManagedApi> context, Class<R> type, String source, String name) {
    String namespace = api.getMetadata().getNamespace();
    Optional<R> cached = informer(context, type, source).get(new ResourceID(name, namespace));
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

  /** The hash a copy is named after: its content alone. */
  private static String contentHash(Map<String, String> data) {
    Map<String, Map<String, String>> content = new TreeMap<>();
    content.put("", data);
    return digest(content).substring(0, 10);
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
