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

  private TemplateHash() {}

  /** A copy of {@code template} annotated with its own hash. */
  public static PodTemplateSpec stamp(PodTemplateSpec template) {
    String hash = of(template);
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
