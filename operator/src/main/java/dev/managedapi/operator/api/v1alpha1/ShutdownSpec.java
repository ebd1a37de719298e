package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** How a pod stops without dropping requests. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.drainSeconds) || !has(self.terminationGracePeriodSeconds)"
            + " || self.drainSeconds < self.terminationGracePeriodSeconds",
    message =
        "drainSeconds must be shorter than terminationGracePeriodSeconds, or the API gets no"
            + " time to finish in-flight requests",
    fieldPath = ".drainSeconds")
public class ShutdownSpec {

  @Default("5")
  @Min(0)
  @Max(120)
  @JsonPropertyDescription(
      "Seconds the pod keeps serving after it is told to stop (a preStop sleep), so load balancers"
          + " and kube-proxy remove its endpoint before the API receives SIGTERM.")
  private Integer drainSeconds;

  @Default("30")
  @Min(1)
  @Max(3600)
  @JsonPropertyDescription(
      "Seconds between the stop request and SIGKILL; covers the drain and the API's own graceful"
          + " shutdown.")
  private Integer terminationGracePeriodSeconds;

  public Integer getDrainSeconds() {
    return drainSeconds;
  }

  public void setDrainSeconds(Integer drainSeconds) {
    this.drainSeconds = drainSeconds;
  }

  public Integer getTerminationGracePeriodSeconds() {
    return terminationGracePeriodSeconds;
  }

  public void setTerminationGracePeriodSeconds(Integer terminationGracePeriodSeconds) {
    this.terminationGracePeriodSeconds = terminationGracePeriodSeconds;
  }
}
