package dev.managedapi.apiservice.errors;

/** A body sent with a Content-Type the route does not take (or with none). */
public final class UnsupportedMediaTypeException extends RuntimeException {
  public UnsupportedMediaTypeException(String message) {
    super(message);
  }
}
