package dev.managedapi.apiservice.inputs;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One page of inputs; pass {@code nextCursor} back as {@code cursor} for the next page. */
@Serdeable
public record InputPage(
    List<Input> items,
    // Always present, null on the last page, so clients can loop on it without guessing.
    @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String nextCursor) {}
