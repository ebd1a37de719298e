package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * N container restarts per sliding time window, then a declared action. Kubernetes restarts a
 * crashing container forever; this is the limit it lacks.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestartBudgetSpec {

  /** Go-style durations as CEL's duration() accepts them: 90s, 30m, 1h30m. */
  static final String DURATION_PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

  @Default("10")
  @Min(1)
  @Max(1000)
  @JsonPropertyDescription(
      "Container restarts, summed over all pods and containers (init containers included), that"
          + " the API may have within the window. One more exhausts the budget.")
  private Integer maxRestarts;

  @Default("1h")
  @Pattern(DURATION_PATTERN)
  @ValidationRule(
      value = "duration(self) >= duration('1m') && duration(self) <= duration('168h')",
      message = "must be a duration between 1m and 168h, for example 30m or 1h")
  @JsonPropertyDescription(
      "Length of the sliding window restarts are counted in, as a duration such as 30m or 1h"
          + " (1m to 168h). Shorter than a minute would make budgets meaningless: the kubelet's"
          + " own back-off reaches 5 minutes.")
  private String window;

  @Default("Rollback")
  @JsonPropertyDescription(
      "What to do when the budget is exhausted. Alert: set the RestartBudgetExhausted condition,"
          + " emit a Warning event and notify. Suspend: also scale to zero until the spec changes."
          + " Rollback: also return the pods to the last healthy revision until the spec changes;"
          + " when there is none, or it crashes too, suspend.")
  private RestartBudgetAction action;

  @Default("5m")
  @Pattern(DURATION_PATTERN)
  @ValidationRule(
      value = "duration(self) >= duration('10s') && duration(self) <= duration('24h')",
      message = "must be a duration between 10s and 24h, for example 5m")
  @JsonPropertyDescription(
      "How long pods must run without a restart before a crash loop counts as over, and before a"
          + " revision that is Available counts as healthy (a rollback target).")
  private String stabilizationPeriod;

  public Integer getMaxRestarts() {
    return maxRestarts;
  }

  public void setMaxRestarts(Integer maxRestarts) {
    this.maxRestarts = maxRestarts;
  }

  public String getWindow() {
    return window;
  }

  public void setWindow(String window) {
    this.window = window;
  }

  public RestartBudgetAction getAction() {
    return action;
  }

  public void setAction(RestartBudgetAction action) {
    this.action = action;
  }

  public String getStabilizationPeriod() {
    return stabilizationPeriod;
  }

  public void setStabilizationPeriod(String stabilizationPeriod) {
    this.stabilizationPeriod = stabilizationPeriod;
  }
}
