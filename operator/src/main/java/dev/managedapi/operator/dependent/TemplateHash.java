package dev.managedapi.operator.dependent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Identifies a pod template by content. The Deployment's own pod-template-hash belongs to its
 * ReplicaSets; ours is known before anything is applied, so the operator can tell which revision a
 * crashing pod runs and which template proved healthy.
 */
public final class TemplateHash {

  // Sorted keys: the hash must not depend on map insertion order.
  private static final JsonMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  /**
   * Hashes of templates seen lately. Every reconcile builds its ManagedApi's template anew, nearly
   * always equal to the last one; serializing it for the hash was 4% of the operator's CPU at 1,000
   * ManagedApis, and comparing two templates costs a fraction of that. Bounded, least recently used
   * first out. The keys are templates built for hashing and referenced by nothing else, so no one
   * changes them after they are stored.
   */
  private static final int RECENT_CAPACITY = 4096;

  private static final RecentlyUsed<PodTemplateSpec, String> RECENT =
      new RecentlyUsed<>(RECENT_CAPACITY);

  private TemplateHash() {}

  /**
   * A copy of {@code template} annotated with its own hash. {@code template} itself must not be
   * changed afterwards: it may be kept to recognise the next equal one.
   */
  public static PodTemplateSpec stamp(PodTemplateSpec template) {
    String hash = RECENT.get(template);
    if (hash == null) {
      // Computed outside the memo's lock, so that threads hashing new templates do not queue.
      hash = of(template);
      RECENT.put(template, hash);
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    Optional.ofNullable(template.getMetadata().getAnnotations()).ifPresent(annotations::putAll);
    annotations.put(Labels.TEMPLATE_HASH, hash);
    return new PodTemplateSpecBuilder(template)
        .editMetadata()
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }

  /** The hash recorded in {@code template}'s annotations, if any. */
  public static Optional<String> read(PodTemplateSpec template) {
    return Optional.ofNullable(template)
        .map(PodTemplateSpec::getMetadata)
        .map(metadata -> metadata.getAnnotations())
        .map(annotations -> annotations.get(Labels.TEMPLATE_HASH));
  }

  static String of(PodTemplateSpec template) {
    try {
      byte[] canonical = CANONICAL.writeValueAsString(template).getBytes(StandardCharsets.UTF_8);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("Cannot hash pod template", e);
    }
  }
}
