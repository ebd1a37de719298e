package dev.managedapi.apiservice.inputs;

import io.micronaut.core.annotation.Introspected;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of POST /api/inputs, as {@link InputBody} read it: where a document came from, and the
 * document itself as JSON text.
 */
@Introspected
public record NewInput(
    @NotBlank
        @Size(max = SourceName.MAX_LENGTH)
        @Pattern(regexp = SourceName.PATTERN, message = SourceName.MESSAGE)
        String source,
    @NotNull String payload) {}
