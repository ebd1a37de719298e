package dev.managedapi.operator.client;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.Optional;

/**
 * What a failed request to the API server means, in one line a person can read: the API server's
 * own words when it answered, else the root cause (a refused connection, a timeout), never the
 * client's stack of wrappers.
 */
public final class KubernetesErrors {

  private KubernetesErrors() {}

  /**
   * The API server's own words, from the Status it answered with; empty when {@code e} is not a
   * KubernetesClientException or no Status came back (no connection, a timeout).
   */
  public static Optional<String> serverMessage(Throwable e) {
    return e instanceof KubernetesClientException clientException
            && clientException.getStatus() != null
        ? Optional.ofNullable(clientException.getStatus().getMessage())
        : Optional.empty();
  }

  /** One line: the API server's status message, or the root cause's class and message. */
  public static String describe(Throwable e) {
    Optional<String> server = serverMessage(e);
    if (server.isPresent()) {
      return firstLine(server.get());
    }
    Throwable root = rootCause(e);
    if (root == e && e instanceof KubernetesClientException) {
      return firstLine(Optional.ofNullable(e.getMessage()).orElse("no answer"));
    }
    return firstLine(root.getClass().getSimpleName() + ": " + root.getMessage());
  }

  /**
   * True when the request failed because the API server could not be reached or could not serve it
   * for now (no connection, 5xx, 429): waiting helps. Anything else (401, 403, 404, 422, a server
   * certificate that does not verify) is an answer, and waiting changes nothing.
   */
  public static boolean isUnavailable(KubernetesClientException e) {
    int code = e.getCode();
    if (code == 429 || code >= 500) {
      return true;
    }
    // A certificate that does not verify ends in a CertificateException, not an IOException.
    // No answer at all: fabric8 leaves the code at -1 (0 in some paths).
    return code <= 0 && rootCause(e) instanceof IOException;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.lines().findFirst().orElse("");
  }
}
