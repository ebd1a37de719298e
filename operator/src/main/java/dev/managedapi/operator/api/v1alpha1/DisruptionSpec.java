package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * A PodDisruptionBudget, made only when more than one pod runs: with a single pod a budget either
 * blocks every node drain or protects nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.minAvailable) || !has(self.maxUnavailable)",
    message = "set minAvailable or maxUnavailable, not both",
    fieldPath = ".minAvailable")
public class DisruptionSpec {

  @Default("true")
  @JsonPropertyDescription("Whether to create the PodDisruptionBudget when more than one pod runs.")
  private Boolean enabled;

  @JsonPropertyDescription(
      "Pods (number or percentage) that must stay up during voluntary disruptions. Defaults to a"
          + " maxUnavailable of 1 when neither is set.")
  @ValidationRule(value = Cel.INT_OR_PERCENT_RULE, message = Cel.INT_OR_PERCENT_MESSAGE)
  private IntOrString minAvailable;

  @JsonPropertyDescription(
      "Pods (number or percentage) that may be down during voluntary disruptions.")
  @ValidationRule(value = Cel.INT_OR_PERCENT_RULE, message = Cel.INT_OR_PERCENT_MESSAGE)
  private IntOrString maxUnavailable;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public IntOrString getMinAvailable() {
    return minAvailable;
  }

  public void setMinAvailable(IntOrString minAvailable) {
    this.minAvailable = minAvailable;
  }

  public IntOrString getMaxUnavailable() {
    return maxUnavailable;
  }

  public void setMaxUnavailable(IntOrString maxUnavailable) {
    this.maxUnavailable = maxUnavailable;
  }
}
