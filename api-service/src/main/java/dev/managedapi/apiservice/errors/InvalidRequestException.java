package dev.managedapi.apiservice.errors;

/** A request value that passed parsing but makes no sense, such as a forged cursor. */
public final class InvalidRequestException extends RuntimeException {
  private final String field;

  public InvalidRequestException(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
