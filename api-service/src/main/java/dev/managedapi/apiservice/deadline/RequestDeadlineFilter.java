package dev.managedapi.apiservice.deadline;

import dev.managedapi.apiservice.errors.ProblemResponder;
import dev.managedapi.apiservice.errors.ProblemType;
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
 * Answers 503 when a request outlives its deadline, so a client never waits on a stuck handler
 * longer than it was promised. The handler's work is abandoned, not killed; database statements
 * have their own, shorter, statement_timeout so they stop too.
 *
 * <p>Only /api: its handlers are the ones that wait on the database, exports and the chaos delay.
 * Probes, metrics and the OpenAPI document answer from memory, /health's database check is bounded
 * by the pool's connection timeout, and a timer per probe cost more than the probe's whole answer.
 */
@Filter("/api/**")
class RequestDeadlineFilter implements HttpServerFilter {
  private final Duration timeout;
  private final ProblemResponder responder;

  RequestDeadlineFilter(DeadlineSettings settings, ProblemResponder responder) {
    this.timeout = settings.getTimeout();
    this.responder = responder;
  }

  @Override
  public Publisher<MutableHttpResponse<?>> doFilter(
      HttpRequest<?> request, ServerFilterChain chain) {
    return Mono.from(chain.proceed(request))
        .timeout(
            timeout,
            Mono.fromSupplier(
                () ->
                    responder.retryLater(
                        request,
                        ProblemType.DEADLINE_EXCEEDED,
                        "The request did not complete within " + timeout.toMillis() + " ms.",
                        Duration.ofSeconds(1))));
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.after();
  }
}
