package dev.managedapi.apiservice.exports;

import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The exports on disk, newest first. */
@Serdeable
public record ExportList(List<ExportFile> items) {}
