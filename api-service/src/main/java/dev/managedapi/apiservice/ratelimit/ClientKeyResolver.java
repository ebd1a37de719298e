package dev.managedapi.apiservice.ratelimit;

import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

/**
 * Who a request counts against: its peer IP, or a header such as an API key. Behind a proxy every
 * request shares the proxy's IP, which is what the header mode is for.
 */
@Singleton
class ClientKeyResolver {
  private static final String HEADER_PREFIX = "header:";

  private final String header;

  ClientKeyResolver(RateLimitSettings settings) {
    String key = settings.getKey();
    this.header = key.startsWith(HEADER_PREFIX) ? key.substring(HEADER_PREFIX.length()) : null;
  }

  String keyOf(HttpRequest<?> request) {
    if (header != null) {
      String value = request.getHeaders().get(header);
      if (value != null && !value.isBlank()) {
        return "h:" + value;
      }
    }
    return "ip:" + request.getRemoteAddress().getAddress().getHostAddress();
  }
}
