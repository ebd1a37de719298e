package dev.managedapi.apiservice.ratelimit;

import dev.managedapi.apiservice.errors.ProblemResponder;
import dev.managedapi.apiservice.errors.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Rate limiting for /api only: probes and metrics scrapes must never be throttled. Every /api
 * response carries RateLimit-Limit/Remaining/Reset; a refused one is a 429 with Retry-After.
 */
@ServerFilter("/api/**")
@Requires(property = "api.rate-limit.enabled", notEquals = "false")
class RateLimitFilter implements Ordered {
  private static final String DECISION = RateLimitFilter.class.getName() + ".decision";

  private final RateLimiter limiter;
  private final ClientKeyResolver keys;
  private final ProblemResponder responder;
  private final Counter rejections;

  RateLimitFilter(
      RateLimiter limiter,
      ClientKeyResolver keys,
      ProblemResponder responder,
      MeterRegistry meterRegistry) {
    this.limiter = limiter;
    this.keys = keys;
    this.responder = responder;
    this.rejections =
        Counter.builder("api.rate.limit.rejections")
            .description("Requests refused with 429 by the rate limiter")
            .register(meterRegistry);
  }

  @RequestFilter
  @Nullable
  HttpResponse<?> admit(HttpRequest<?> request) {
    RateLimitDecision decision = limiter.tryAcquire(keys.keyOf(request));
    request.setAttribute(DECISION, decision);
    if (decision.allowed()) {
      return null;
    }
    rejections.increment();
    MutableHttpResponse<?> refused =
        responder.retryLater(
            request,
            ProblemType.RATE_LIMITED,
            "Rate limit of "
                + decision.limit()
                + " requests exceeded; retry after the Retry-After interval.",
            decision.retryAfter());
    return withHeaders(refused, decision);
  }

  @ResponseFilter
  void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
    request
        .getAttribute(DECISION, RateLimitDecision.class)
        .ifPresent(decision -> withHeaders(response, decision));
  }

  private static MutableHttpResponse<?> withHeaders(
      MutableHttpResponse<?> response, RateLimitDecision decision) {
    // set, not add: a refused response passes through here twice (request and response phase).
    response.getHeaders().set("RateLimit-Limit", String.valueOf(decision.limit()));
    response.getHeaders().set("RateLimit-Remaining", String.valueOf(decision.remaining()));
    response
        .getHeaders()
        .set("RateLimit-Reset", String.valueOf(RateLimitDecision.seconds(decision.resetAfter())));
    return response;
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.order();
  }
}
