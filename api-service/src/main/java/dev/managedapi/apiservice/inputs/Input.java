package dev.managedapi.apiservice.inputs;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored input. The payload is the JSON text that was accepted, written back out as it is: it is
 * never parsed again, so reading costs no more than the bytes.
 */
public record Input(UUID id, String source, String payload, Instant createdAt) {}
