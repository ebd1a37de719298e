package dev.managedapi.apiservice.memory;

/** The memory budget for large bodies is taken by other requests; nothing was done. */
public final class ServerBusyException extends RuntimeException {
  public ServerBusyException(String message) {
    super(message);
  }
}
