package dev.managedapi.apiservice.config;

/** An environment variable holds a value the service cannot run with. */
public final class InvalidEnvironmentException extends RuntimeException {
  private final String variable;

  public InvalidEnvironmentException(String variable, String value, String expectation) {
    super(variable + "=\"" + value + "\" is invalid: " + expectation);
    this.variable = variable;
  }

  public String variable() {
    return variable;
  }
}
