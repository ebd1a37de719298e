package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The pod template the operator runs now, and whether it has proven itself yet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RevisionStatus(
    @JsonPropertyDescription("Hash of the pod template the operator applied.") String templateHash,
    @JsonPropertyDescription("Image of that template.") String image,
    @JsonPropertyDescription(
            "Since when it has been Available with every pod updated (RFC 3339); unset while it is"
                + " not.")
        String healthySince) {}
