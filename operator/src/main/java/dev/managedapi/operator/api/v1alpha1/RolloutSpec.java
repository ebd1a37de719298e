package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/** The rolling-update strategy of the Deployment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.maxSurge) || !has(self.maxUnavailable)"
            + " || !(string(self.maxSurge) in ['0', '0%'] && string(self.maxUnavailable) in ['0', '0%'])",
    message = "maxSurge and maxUnavailable cannot both be zero: the rollout could never progress",
    fieldPath = ".maxSurge")
public class RolloutSpec {

  @Default("\"25%\"")
  @JsonPropertyDescription(
      "Extra pods (number or percentage) allowed above the desired count during a rollout.")
  @ValidationRule(value = Cel.INT_OR_ANY_PERCENT_RULE, message = Cel.INT_OR_ANY_PERCENT_MESSAGE)
  private IntOrString maxSurge;

  @Default("0")
  @JsonPropertyDescription(
      "Pods (number or percentage) that may be unavailable during a rollout. 0 keeps full capacity"
          + " while new pods prove themselves.")
  @ValidationRule(value = Cel.INT_OR_PERCENT_RULE, message = Cel.INT_OR_PERCENT_MESSAGE)
  private IntOrString maxUnavailable;

  @Default("600")
  @Min(30)
  @Max(86400)
  @JsonPropertyDescription(
      "Seconds a rollout may go without progress before it is reported as failed"
          + " (Progressing=False, reason ProgressDeadlineExceeded).")
  private Integer progressDeadlineSeconds;

  @Default("0")
  @Min(0)
  @Max(3600)
  @JsonPropertyDescription(
      "Seconds a new pod must be ready, without crashing, before it counts as available.")
  private Integer minReadySeconds;

  public IntOrString getMaxSurge() {
    return maxSurge;
  }

  public void setMaxSurge(IntOrString maxSurge) {
    this.maxSurge = maxSurge;
  }

  public IntOrString getMaxUnavailable() {
    return maxUnavailable;
  }

  public void setMaxUnavailable(IntOrString maxUnavailable) {
    this.maxUnavailable = maxUnavailable;
  }

  public Integer getProgressDeadlineSeconds() {
    return progressDeadlineSeconds;
  }

  public void setProgressDeadlineSeconds(Integer progressDeadlineSeconds) {
    this.progressDeadlineSeconds = progressDeadlineSeconds;
  }

  public Integer getMinReadySeconds() {
    return minReadySeconds;
  }

  public void setMinReadySeconds(Integer minReadySeconds) {
    this.minReadySeconds = minReadySeconds;
  }
}
