package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/**
 * A container that runs to completion before the API container starts, a schema migration for
 * example. The operator runs it as hardened as the API container: non-root, no privilege
 * escalation, no capabilities, RuntimeDefault seccomp, a read-only root filesystem and the same
 * writable /tmp. Its restarts count against the restart budget like the API container's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InitContainer(
    @Required
        @Size(max = 63)
        @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
        @JsonPropertyDescription(
            "Name of the container, a DNS label (lower-case letters, digits and '-', at most 63"
                + " characters), unique among the init containers and not 'api', the API"
                + " container's name. status.lastFailure and events name a failed init container"
                + " by it. Required.")
        String name,
    @Required
        @Size(max = Cel.IMAGE_MAX_LENGTH)
        @JsonPropertyDescription(
            "Container image, for example ghcr.io/acme/orders-migrations:1.4.2. Pulled as"
                + " spec.imagePullPolicy says. Required.")
        String image,
    @JsonPropertyDescription("Overrides the image's ENTRYPOINT.") List<String> command,
    @JsonPropertyDescription("Overrides the image's CMD.") List<String> args,
    @JsonPropertyDescription(
            "Environment variables of this container; it does not inherit the API container's.")
        List<EnvVar> env,
    @JsonPropertyDescription(
            "CPU and memory requests and limits of this container. None by default (a LimitRange"
                + " of the namespace may set some). The pod is scheduled on the larger of the"
                + " biggest init container's request and the API container's.")
        ResourceRequirements resources) {

  /**
   * The rules sit on the accessors: on the component the CRD generator finds it on both the field
   * and the accessor, and writes it twice.
   */
  @Override
  @ValidationRule(
      value = "self != '" + ManagedApiSpec.CONTAINER_NAME + "'",
      message = "must not be '" + ManagedApiSpec.CONTAINER_NAME + "', the API container's name")
  public String name() {
    return name;
  }

  @Override
  @ValidationRule(value = Cel.IMAGE_RULE, message = Cel.IMAGE_MESSAGE)
  public String image() {
    return image;
  }
}
