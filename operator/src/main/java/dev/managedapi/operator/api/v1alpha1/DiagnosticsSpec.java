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

  public Integer getLogTailLines() {
    return logTailLines;
  }

  public void setLogTailLines(Integer logTailLines) {
    this.logTailLines = logTailLines;
  }
}
