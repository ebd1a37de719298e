package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** How the configuration the pods read (ConfigMaps, Secrets) reaches running pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigSpec {

  @Default("true")
  @JsonPropertyDescription(
      "Roll the pods (a rolling update, like spec.restartedAt) when the content of a ConfigMap"
          + " the pods read through env valueFrom or envFrom changes; Secrets too when the operator"
          + " is allowed to read them (the chart's configRollout.secrets). Environment variables"
          + " are read once, at container start, so without a roll a changed ConfigMap reaches"
          + " only pods that happen to restart. false: pods keep what they started with.")
  private Boolean rollOnChange;

  /** On unless turned off: a null (an object written before the field existed) rolls. */
  public boolean rollsOnChange() {
    return !Boolean.FALSE.equals(rollOnChange);
  }

  public Boolean getRollOnChange() {
    return rollOnChange;
  }

  public void setRollOnChange(Boolean rollOnChange) {
    this.rollOnChange = rollOnChange;
  }
}
