package dev.managedapi.apiservice.inputs;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.UUID;

/** A stored input, as the API returns it. */
@Serdeable
public record Input(UUID id, String source, JsonNode payload, Instant createdAt) {}
