package dev.managedapi.apiservice.errors;

import io.netty.handler.codec.PrematureChannelClosureException;
import java.io.EOFException;
import java.nio.channels.ClosedChannelException;

/**
 * Failures that mean the client went away (hung up mid-body, closed the connection): events of the
 * client's, not errors of the service's.
 */
final class ClientAbort {
  private ClientAbort() {}

  static boolean isClientAbort(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // Micronaut: "Connection closed before full body was received".
      if (t instanceof EOFException
          || t instanceof ClosedChannelException
          || t instanceof PrematureChannelClosureException) {
        return true;
      }
    }
    return false;
  }
}
