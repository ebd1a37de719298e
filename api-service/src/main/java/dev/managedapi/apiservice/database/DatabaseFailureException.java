package dev.managedapi.apiservice.database;

/** The database answered, but with an error our own SQL caused: a bug, so a 500. */
public final class DatabaseFailureException extends RuntimeException {
  public DatabaseFailureException(Throwable cause) {
    super("Database statement failed", cause);
  }
}
