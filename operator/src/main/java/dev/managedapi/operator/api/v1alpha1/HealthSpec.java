package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The HTTP probes the kubelet sends to the API, and the health body the operator reads to report
 * what the kubelet cannot see (a dependency down while the pod stays ready).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.timeoutSeconds) || !has(self.periodSeconds) || self.timeoutSeconds <= self.periodSeconds",
    message = "timeoutSeconds must not exceed periodSeconds",
    fieldPath = ".timeoutSeconds")
public class HealthSpec {

  static final String PATH_RULE = "self.startsWith('/')";
  static final String PATH_MESSAGE = "must be an absolute HTTP path starting with '/'";
  static final String DETAILS_PATH_RULE = "self == '' || self.startsWith('/')";
  static final String DETAILS_PATH_MESSAGE =
      "must be an absolute HTTP path starting with '/', or empty to turn the health details off";

  @Default("/health/liveness")
  @ValidationRule(value = PATH_RULE, message = PATH_MESSAGE)
  @JsonPropertyDescription(
      "Path of the liveness probe. It should check the process alone: a failing liveness probe"
          + " restarts the container, so a down database must never fail it.")
  private String livenessPath;

  @Default("/health/readiness")
  @ValidationRule(value = PATH_RULE, message = PATH_MESSAGE)
  @JsonPropertyDescription(
      "Path of the readiness probe. While it fails the pod receives no traffic.")
  private String readinessPath;

  @Default("/health/liveness")
  @ValidationRule(value = PATH_RULE, message = PATH_MESSAGE)
  @JsonPropertyDescription(
      "Path of the startup probe, which holds the other probes back until the API has started.")
  private String startupPath;

  @Default("10")
  @Min(1)
  @Max(300)
  @JsonPropertyDescription("Seconds between liveness and readiness probes.")
  private Integer periodSeconds;

  @Default("2")
  @Min(1)
  @Max(60)
  @JsonPropertyDescription("Seconds a probe may take before it counts as failed.")
  private Integer timeoutSeconds;

  @Default("3")
  @Min(1)
  @Max(30)
  @JsonPropertyDescription(
      "Consecutive failures before the kubelet restarts the container (liveness) or stops sending"
          + " it traffic (readiness).")
  private Integer failureThreshold;

  @Default("120")
  @Min(4)
  @Max(3600)
  @JsonPropertyDescription(
      "Longest time the API may take to start before the kubelet gives up on it. Generous by"
          + " default because a JVM on a small CPU request can take a minute to start.")
  private Integer startupSeconds;

  @Default("/health")
  @Size(max = 1024)
  @ValidationRule(value = DETAILS_PATH_RULE, message = DETAILS_PATH_MESSAGE)
  @JsonPropertyDescription(
      "Path of the API's detailed health body, which the operator reads from every ready pod to"
          + " set the Degraded condition (reason ApiDegraded) when pods report DEGRADED or DOWN"
          + " components. Micronaut and Spring Boot Actuator, MicroProfile Health and"
          + " application/health+json bodies are understood; any other body is ignored. It only"
          + " reports: nothing is restarted or scaled because of it. The operator connects to the"
          + " pod IP on spec.port, so the pods must accept its traffic. Empty turns it off.")
  private String detailsPath;

  @Default("30")
  @Min(5)
  @Max(3600)
  @JsonPropertyDescription(
      "Seconds between two reads of the health body of each pod (jittered by 10%). A degraded"
          + " answer is confirmed by a second read a fifth of this later; a recovery must hold for"
          + " three intervals before Degraded clears.")
  private Integer detailsIntervalSeconds;

  public String getLivenessPath() {
    return livenessPath;
  }

  public void setLivenessPath(String livenessPath) {
    this.livenessPath = livenessPath;
  }

  public String getReadinessPath() {
    return readinessPath;
  }

  public void setReadinessPath(String readinessPath) {
    this.readinessPath = readinessPath;
  }

  public String getStartupPath() {
    return startupPath;
  }

  public void setStartupPath(String startupPath) {
    this.startupPath = startupPath;
  }

  public Integer getPeriodSeconds() {
    return periodSeconds;
  }

  public void setPeriodSeconds(Integer periodSeconds) {
    this.periodSeconds = periodSeconds;
  }

  public Integer getTimeoutSeconds() {
    return timeoutSeconds;
  }

  public void setTimeoutSeconds(Integer timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }

  public Integer getFailureThreshold() {
    return failureThreshold;
  }

  public void setFailureThreshold(Integer failureThreshold) {
    this.failureThreshold = failureThreshold;
  }

  public String getDetailsPath() {
    return detailsPath;
  }

  public void setDetailsPath(String detailsPath) {
    this.detailsPath = detailsPath;
  }

  public Integer getDetailsIntervalSeconds() {
    return detailsIntervalSeconds;
  }

  public void setDetailsIntervalSeconds(Integer detailsIntervalSeconds) {
    this.detailsIntervalSeconds = detailsIntervalSeconds;
  }

  public Integer getStartupSeconds() {
    return startupSeconds;
  }

  public void setStartupSeconds(Integer startupSeconds) {
    this.startupSeconds = startupSeconds;
  }
}
