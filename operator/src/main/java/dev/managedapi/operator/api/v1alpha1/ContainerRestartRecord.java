package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The restartCount last seen for one container of one pod. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerRestartRecord(
    @JsonPropertyDescription("Pod UID; a replaced pod is a new record.") String podUID,
    @JsonPropertyDescription("Pod name, for people reading the status.") String pod,
    @JsonPropertyDescription("Container name.") String container,
    @JsonPropertyDescription("Whether it is an init container.") Boolean init,
    @JsonPropertyDescription("The container's restartCount when last seen.")
        Integer restartCount) {}
