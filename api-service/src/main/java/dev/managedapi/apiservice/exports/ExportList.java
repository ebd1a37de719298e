package dev.managedapi.apiservice.exports;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The exports on disk, newest first. */
@Serdeable
public record ExportList(
    // Always present, even when there are none: an empty list is still a list.
    @JsonInclude(JsonInclude.Include.ALWAYS) List<ExportFile> items) {}
