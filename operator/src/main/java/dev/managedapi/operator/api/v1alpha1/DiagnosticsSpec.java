package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** What the operator gathers about a failed container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DiagnosticsSpec {

  @Default("20")
  @Min(0)
  @Max(200)
  @JsonPropertyDescription(
      "Last lines of the crashed container's log (its previous instance) copied into"
          + " status.lastFailure.logTail, capped at 4 KiB. 0 turns log collection off, for APIs"
          + " whose logs may hold secrets.")
  private Integer logTailLines;

  @Default("true")
  @JsonPropertyDescription(
      "Whether status.lastFailure.changesSinceHealthy shows the old and new values of plain"
          + " environment variables, command and args, or only their names. Values read from"
          + " Secrets are never shown either way.")
  private Boolean showChangedValues;

  public Integer getLogTailLines() {
    return logTailLines;
  }

  public void setLogTailLines(Integer logTailLines) {
    this.logTailLines = logTailLines;
  }

  /** Shown unless turned off: a null (an object written before the field existed) shows them. */
  public boolean showsChangedValues() {
    return !Boolean.FALSE.equals(showChangedValues);
  }

  public Boolean getShowChangedValues() {
    return showChangedValues;
  }

  public void setShowChangedValues(Boolean showChangedValues) {
    this.showChangedValues = showChangedValues;
  }
}
