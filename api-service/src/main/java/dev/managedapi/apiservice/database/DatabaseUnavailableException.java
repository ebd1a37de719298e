package dev.managedapi.apiservice.database;

import java.time.Duration;

/** The database cannot be used right now; the caller should retry after {@link #retryAfter()}. */
public final class DatabaseUnavailableException extends RuntimeException {
  private final Duration retryAfter;

  public DatabaseUnavailableException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
