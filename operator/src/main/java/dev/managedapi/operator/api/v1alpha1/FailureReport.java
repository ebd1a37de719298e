package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

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
    @JsonPropertyDescription(
            "Why logTail is empty, when it is. While the kubelet has not sent the log yet, it"
                + " says so; the log (or why there is none) replaces that when it arrives.")
        String logTailUnavailable,
    @JsonPropertyDescription(
            "What the failing pod template changed from the last healthy revision, one change a"
                + " line: \"image 1.4.2 → 1.5.0\", \"env FEATURE_X=true added\", \"memory limit"
                + " 512Mi → 256Mi\". Values from Secrets are never shown;"
                + " spec.diagnostics.showChangedValues: false hides plain env values, command and"
                + " args too. Absent without a healthy revision to compare with, or when the failing"
                + " template is that revision.")
        List<String> changesSinceHealthy) {

  /** The same report, with the changes that came before the failure. */
  /** The same report with the log excerpt, or why there is none, in place of what it said. */
  public FailureReport withLog(String logTail, String logTailUnavailable) {
    return new FailureReport(
        pod,
        container,
        reason,
        exitCode,
        signal,
        message,
        finishedAt,
        restartCount,
        logTail,
        logTailUnavailable,
        changesSinceHealthy);
  }

  public FailureReport withChangesSinceHealthy(List<String> changes) {
    return new FailureReport(
        pod,
        container,
        reason,
        exitCode,
        signal,
        message,
        finishedAt,
        restartCount,
        logTail,
        logTailUnavailable,
        changes == null || changes.isEmpty() ? null : List.copyOf(changes));
  }
}
