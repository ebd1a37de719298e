package dev.managedapi.apiservice.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An RFC 9457 problem document, the body of every error response. The extension members are {@code
 * errorId} (500s, also in the log line), {@code traceId}, {@code errors} (400s) and, only with
 * DEBUG on, {@code exception} and {@code stackTrace}.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDetail(
    String type,
    String title,
    int status,
    @Nullable String detail,
    @Nullable String instance,
    @Nullable String errorId,
    @Nullable String traceId,
    @Nullable List<FieldError> errors,
    @Nullable String exception,
    @Nullable List<String> stackTrace) {}
