package dev.managedapi.apiservice.inputs;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The body of POST /api/inputs: where a document came from, and the document itself. */
@Serdeable
@Introspected
public record NewInput(
    @Schema(description = "Who sent the input", example = "sensor-17")
        @NotBlank
        @Size(max = 100)
        @Pattern(
            regexp = "[A-Za-z0-9][A-Za-z0-9._:-]*",
            message = "must start with a letter or digit and contain only letters, digits, . _ : -")
        String source,
    @Schema(description = "Any JSON value except null") @NotNull JsonNode payload) {}
