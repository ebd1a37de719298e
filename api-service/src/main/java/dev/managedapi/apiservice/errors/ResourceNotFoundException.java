package dev.managedapi.apiservice.errors;

/** The URL names something that does not exist (any more). */
public final class ResourceNotFoundException extends RuntimeException {
  public ResourceNotFoundException(String message) {
    super(message);
  }
}
