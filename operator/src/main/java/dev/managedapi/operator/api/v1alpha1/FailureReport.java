package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Why a container last failed, gathered so nobody has to dig through pods to find out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailureReport(
    @JsonPropertyDescription("Pod of the failed container.") String pod,
    @JsonPropertyDescription("The failed container.") String container,
    @JsonPropertyDescription(
            "Why: OOMKilled, Error, Completed, LivenessProbeFailed, StartupProbeFailed,"
                + " StartError, ContainerCannotRun, ImagePullBackOff, ErrImagePull,"
                + " CreateContainerConfigError, ... A probe's kill is named as such whatever the"
                + " exit, and its message starts with the kubelet's word on the probe.")
        String reason,
    @JsonPropertyDescription("Exit code of the failed instance.") Integer exitCode,
    @JsonPropertyDescription("Signal that killed it, when one did.") Integer signal,
    @JsonPropertyDescription(
            "The container's termination message (or the kubelet's message), at most 1 KiB.")
        String message,
    @JsonPropertyDescription("When the instance stopped (RFC 3339).") String finishedAt,
    @JsonPropertyDescription("The container's restartCount at the time.") Integer restartCount,
    @JsonPropertyDescription(
            "Last lines of the failed instance's log (previous=true), at most 4 KiB.")
        String logTail,
    @JsonPropertyDescription("Why logTail is empty, when it is.") String logTailUnavailable) {}
