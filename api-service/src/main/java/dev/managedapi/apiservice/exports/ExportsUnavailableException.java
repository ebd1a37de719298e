package dev.managedapi.apiservice.exports;

/** The exports directory cannot be read or written. */
public final class ExportsUnavailableException extends RuntimeException {
  public ExportsUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
