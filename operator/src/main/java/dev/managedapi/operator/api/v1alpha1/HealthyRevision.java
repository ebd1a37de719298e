package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** A pod template that ran Available, without restarts, for the stabilization period. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthyRevision(
    @JsonPropertyDescription("Hash of the pod template.") String templateHash,
    @JsonPropertyDescription("Image of the pod template.") String image,
    @JsonPropertyDescription("The metadata.generation of the spec it came from.") Long generation,
    @JsonPropertyDescription("When it was recorded as healthy (RFC 3339).") String recordedAt,
    // The full pod schema would triple the CRD's size for a field only the operator writes.
    @PreserveUnknownFields
        @SchemaFrom(type = UnstructuredObject.class)
        @JsonPropertyDescription(
            "The pod template itself, as written by operator versions before ControllerRevisions"
                + " held it; read once on upgrade and moved into a ControllerRevision. New"
                + " versions leave it unset.")
        PodTemplateSpec template,
    @JsonPropertyDescription(
            "The ControllerRevision (owned by this ManagedApi, named <name>-<templateHash>) that"
                + " holds the pod template, which the Rollback action returns to.")
        String controllerRevision,
    // Kept without a schema for the same reason as the template; it is the spec as the API
    // server stored it.
    @PreserveUnknownFields
        @SchemaFrom(type = UnstructuredObject.class)
        @JsonPropertyDescription(
            "The spec the template was built from; `kubectl managedapi rollback` writes its"
                + " pod-template fields back into the spec.")
        ManagedApiSpec spec) {

  public HealthyRevision withTemplate(PodTemplateSpec template) {
    return new HealthyRevision(
        templateHash, image, generation, recordedAt, template, controllerRevision, spec);
  }

  public HealthyRevision withControllerRevision(String controllerRevision) {
    return new HealthyRevision(
        templateHash, image, generation, recordedAt, template, controllerRevision, spec);
  }
}
