package dev.managedapi.apiservice.errors;

import dev.managedapi.apiservice.exports.ExportsUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** 503 when the exports directory is unusable; /health shows the same as DEGRADED. */
@Produces
@Singleton
class ExportsUnavailableHandler
    implements ExceptionHandler<ExportsUnavailableException, HttpResponse<?>> {
  private static final Logger LOG = LoggerFactory.getLogger(ExportsUnavailableHandler.class);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private final ProblemResponder responder;

  ExportsUnavailableHandler(ProblemResponder responder) {
    this.responder = responder;
  }

  @Override
  @SuppressWarnings("rawtypes") // the ExceptionHandler interface declares a raw HttpRequest
  public HttpResponse<?> handle(HttpRequest request, ExportsUnavailableException exception) {
    LOG.warn("Export failed: {}", exception.getMessage(), exception.getCause());
    return responder.retryLater(
        request, ProblemType.EXPORTS_UNAVAILABLE, exception.getMessage(), RETRY_AFTER);
  }
}
