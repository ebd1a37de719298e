package dev.managedapi.apiservice.http;

import dev.managedapi.apiservice.errors.ProblemResponder;
import dev.managedapi.apiservice.errors.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.HttpServerConfiguration;

/**
 * A body whose declared Content-Length is over the limit is refused before a byte of it is read.
 * With {@code Expect: 100-continue} that means the client gets the 413 instead of a 100 Continue
 * inviting it to send 50 MB that would be thrown away; without it, the connection is not kept busy
 * reading them.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class DeclaredLengthFilter implements Ordered {
  private final long maxBytes;
  private final ProblemResponder responder;

  DeclaredLengthFilter(HttpServerConfiguration server, ProblemResponder responder) {
    this.maxBytes = server.getMaxRequestSize();
    this.responder = responder;
  }

  @RequestFilter
  @Nullable
  HttpResponse<?> refuseOversized(HttpRequest<?> request) {
    long declared = request.getContentLength();
    if (declared <= maxBytes) {
      return null;
    }
    return responder
        .respond(
            request,
            ProblemType.PAYLOAD_TOO_LARGE,
            "The request body is larger than the " + maxBytes + " bytes this API accepts")
        .header("Connection", "close");
  }

  @Override
  public int getOrder() {
    // Before rate limiting and tracing: refusing costs nothing and needs neither.
    return ServerFilterPhase.FIRST.before();
  }
}
