package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The action in force after the restart budget ran out. It lasts until the spec changes (a new
 * metadata.generation), or for Alert until the restarts leave the window.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Remediation(
    @JsonPropertyDescription("Alert, Suspend or Rollback: what the operator is doing.")
        RestartBudgetAction action,
    @JsonPropertyDescription("Why, in a sentence.") String message,
    @JsonPropertyDescription("The metadata.generation whose pods exhausted the budget.")
        Long generation,
    @JsonPropertyDescription("When the action started (RFC 3339).") String startedAt,
    @JsonPropertyDescription("Template hash of the revision rolled back to, for Rollback.")
        String rolledBackTo) {}
