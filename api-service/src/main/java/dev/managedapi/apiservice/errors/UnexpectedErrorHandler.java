package dev.managedapi.apiservice.errors;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * The global handler of the guides, minus their leak: any exception nobody else handles is logged
 * with its stack trace under an error id, and the client gets a 500 with that id only.
 */
@Produces
@Singleton
class UnexpectedErrorHandler implements ExceptionHandler<Exception, HttpResponse<?>> {
  private final ProblemResponder responder;

  UnexpectedErrorHandler(ProblemResponder responder) {
    this.responder = responder;
  }

  @Override
  @SuppressWarnings("rawtypes") // the ExceptionHandler interface declares a raw HttpRequest
  public HttpResponse<?> handle(HttpRequest request, Exception exception) {
    return responder.internalError(request, exception);
  }
}
