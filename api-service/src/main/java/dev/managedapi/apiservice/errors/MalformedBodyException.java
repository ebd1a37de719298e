package dev.managedapi.apiservice.errors;

/**
 * A body that is not what the API accepts as a whole (not UTF-8, not one JSON document, nested too
 * deep, ...). The message is ours and goes to the client as the 400's detail.
 */
public final class MalformedBodyException extends RuntimeException {
  public MalformedBodyException(String message) {
    super(message);
  }
}
