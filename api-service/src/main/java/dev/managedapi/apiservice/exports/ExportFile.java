package dev.managedapi.apiservice.exports;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** One export file: its name in the exports directory, size, and (when just written) count. */
@Serdeable
public record ExportFile(String name, long bytes, Instant createdAt, @Nullable Long count) {}
