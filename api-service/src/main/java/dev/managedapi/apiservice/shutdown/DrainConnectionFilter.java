package dev.managedapi.apiservice.shutdown;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * While draining, every response says {@code Connection: close}, and the server closes the
 * connection after it. A keep-alive client or pooling proxy thus opens a new connection for its
 * next request, which reaches another pod, instead of writing it onto a connection that will be
 * closed under it when the port closes (an EOF it cannot tell from a lost request: a 502).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class DrainConnectionFilter implements Ordered {
  private final DrainState drainState;

  DrainConnectionFilter(DrainState drainState) {
    this.drainState = drainState;
  }

  @ResponseFilter
  void closeWhileDraining(MutableHttpResponse<?> response) {
    if (drainState.isDraining()) {
      response.getHeaders().set("Connection", "close");
    }
  }

  @Override
  public int getOrder() {
    // Outermost, so it also marks responses that other filters produced or replaced.
    return ServerFilterPhase.FIRST.before();
  }
}
