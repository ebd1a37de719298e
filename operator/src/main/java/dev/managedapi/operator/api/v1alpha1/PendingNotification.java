package dev.managedapi.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A webhook notification written in the same status patch as the transition it announces, and not
 * yet delivered or given up on. The operator's leader sends it and removes it afterwards, so news
 * survives a restart or failover of the operator between the two.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PendingNotification(
    @JsonPropertyDescription(
            "Identifies the news: the ManagedApi's UID, the kind and the time of the transition."
                + " Sent as the Idempotency-Key header and as managedapi.id in the body, the same"
                + " on every attempt and from every operator replica, so a receiver can drop a"
                + " repeat.")
        String id,
    @JsonPropertyDescription(
            "CrashLoopStarted, RestartBudgetExhausted, RolledBack, ApiDegraded or ApiRecovered.")
        String kind,
    @JsonPropertyDescription("The news in a few words.") String summary,
    @JsonPropertyDescription("The news in a sentence or more.") String detail) {}
