package dev.managedapi.apiservice.chaos;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import java.time.Duration;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * CHAOS_REQUEST_DELAY_MS: slow every /api request down, to demo deadlines and to keep requests in
 * flight while a shutdown is tested. The delay is a timer, not a sleeping thread.
 */
@Filter("/api/**")
@Requires(property = "chaos.request-delay")
class RequestDelayFilter implements HttpServerFilter {
  private final Duration delay;

  RequestDelayFilter(ChaosSettings settings) {
    this.delay = settings.getRequestDelay();
  }

  @Override
  public Publisher<MutableHttpResponse<?>> doFilter(
      HttpRequest<?> request, ServerFilterChain chain) {
    return Mono.delay(delay).then(Mono.from(chain.proceed(request)));
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.RENDERING.order();
  }
}
