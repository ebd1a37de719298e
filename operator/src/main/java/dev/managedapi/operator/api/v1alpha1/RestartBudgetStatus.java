package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * The restart ledger, kept in status so the count survives operator restarts. It stays bounded: it
 * holds the newest {@code maxRestarts + 1} restart times inside the window (enough to decide
 * exhaustion exactly) and one counter per container of the pods that exist now.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestartBudgetStatus(
    @JsonPropertyDescription(
            "Restarts inside the window; stops counting at maxRestarts + 1, which means exhausted.")
        Integer restartsInWindow,
    @JsonPropertyDescription("The budget: restarts allowed inside the window.") Integer maxRestarts,
    @JsonPropertyDescription("The window, as in the spec.") String window,
    @JsonPropertyDescription("Restarts left before the budget is exhausted.") Integer remaining,
    @JsonPropertyDescription("When each counted restart happened (RFC 3339), oldest first.")
        List<String> recentRestarts,
    @JsonPropertyDescription(
            "Last restartCount seen per container of each live pod, so no restart is counted twice.")
        List<ContainerRestartRecord> containers) {}
