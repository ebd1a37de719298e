package dev.managedapi.apiservice.errors;

import io.micronaut.serde.annotation.Serdeable;

/** One invalid field of a request: where, and what is wrong with it. */
@Serdeable
public record FieldError(String field, String message) {}
