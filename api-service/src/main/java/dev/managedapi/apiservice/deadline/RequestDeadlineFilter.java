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

/**
 * Answers 503 when a request outlives its deadline, so a client never waits on a stuck handler
 * longer than it was promised. The handler's work is abandoned, not killed; database statements
 * have their own, shorter, statement_timeout so they stop too.
 *
 * <p>Only /api: its handlers are the ones that wait on the database, exports and the chaos delay.
 * Probes, metrics and the OpenAPI document answer from memory, /health's database check is bounded
 * by the pool's connection timeout, and a timer per probe cost more than the probe's whole answer.
 *
 * <p>The timer is a shared wheel ({@link DeadlineTimer}) rather than Reactor's timeout operator,
 * whose scheduled task per request on the parallel scheduler was a measurable share of a database
 * read's CPU.
 */
@Filter("/api/**")
public class RequestDeadlineFilter implements HttpServerFilter {
  private static final String COMMITTING = RequestDeadlineFilter.class.getName() + ".committing";

  private final Duration timeout;
  private final ProblemResponder responder;
  private final DeadlineTimer timer;

  RequestDeadlineFilter(
      DeadlineSettings settings, ProblemResponder responder, DeadlineTimer timer) {
    this.timeout = settings.getTimeout();
    this.responder = responder;
    this.timer = timer;
  }

  /**
   * Marks the request as having started a write that may commit: its deadline no longer answers 503
   * "nothing changed", it waits for the real answer (the database's statement timeout still bounds
   * it).
   */
  public static void markCommitting(HttpRequest<?> request) {
    request.setAttribute(COMMITTING, Boolean.TRUE);
  }

  @Override
  public Publisher<MutableHttpResponse<?>> doFilter(
      HttpRequest<?> request, ServerFilterChain chain) {
    return new DeadlineRace(
        chain.proceed(request),
        timer,
        timeout,
        () -> request.getAttribute(COMMITTING).isPresent(),
        () ->
            responder.retryLater(
                request,
                ProblemType.DEADLINE_EXCEEDED,
                "The request did not complete within " + timeout.toMillis() + " ms.",
                Duration.ofSeconds(1)));
  }

  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.after();
  }
}
