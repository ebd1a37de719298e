package dev.managedapi.apiservice.errors;

import dev.managedapi.apiservice.database.DatabaseUnavailableException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** 503 with Retry-After while the database is down: the client should try again, not give up. */
@Produces
@Singleton
class DatabaseUnavailableHandler
    implements ExceptionHandler<DatabaseUnavailableException, HttpResponse<?>> {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseUnavailableHandler.class);

  private final ProblemResponder responder;

  DatabaseUnavailableHandler(ProblemResponder responder) {
    this.responder = responder;
  }

  @Override
  @SuppressWarnings("rawtypes") // the ExceptionHandler interface declares a raw HttpRequest
  public HttpResponse<?> handle(HttpRequest request, DatabaseUnavailableException exception) {
    LOG.warn(
        "Database call refused: {} {}: {}",
        request.getMethodName(),
        request.getPath(),
        exception.getMessage());
    return responder.retryLater(
        request,
        ProblemType.DATABASE_UNAVAILABLE,
        exception.outcomeUnknown()
            ? "The database failed while the change was being made; it may or may not have been"
                + " applied. Retry with the same Idempotency-Key to find out."
            : "The database is unavailable; nothing was changed. Retry later.",
        exception.retryAfter());
  }
}
