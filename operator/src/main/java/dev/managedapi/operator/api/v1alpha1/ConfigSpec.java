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

  @Default("false")
  @JsonPropertyDescription(
      "Pin configuration to revisions: the operator copies each referenced ConfigMap (and Secret,"
          + " when it may read Secrets) into an immutable copy named after its content"
          + " (<name>-<hash>, owned by the ManagedApi) and points the pods at the copy. A healthy"
          + " revision then keeps the configuration it ran with, so Rollback returns to the old"
          + " values too. Copies no kept revision or running pod uses are deleted.")
  private Boolean snapshot;

  public boolean snapshots() {
    return Boolean.TRUE.equals(snapshot);
  }

  public Boolean getSnapshot() {
    return snapshot;
  }

  public void setSnapshot(Boolean snapshot) {
    this.snapshot = snapshot;
  }

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
