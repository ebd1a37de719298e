package dev.managedapi.apiservice.database;

import java.time.Duration;

/** The database cannot be used right now; the caller should retry after {@link #retryAfter()}. */
public final class DatabaseUnavailableException extends RuntimeException {
  private final Duration retryAfter;
  private final boolean outcomeUnknown;

  public DatabaseUnavailableException(
      String message, Duration retryAfter, boolean outcomeUnknown, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
    this.outcomeUnknown = outcomeUnknown;
  }

  /** Whether a change may have been made before the database failed (it was already sent). */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
