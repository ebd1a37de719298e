package dev.managedapi.apiservice.errors;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** 400 for a body that cannot be taken as a whole; the detail says why, in our words. */
@Produces
@Singleton
class MalformedBodyHandler implements ExceptionHandler<MalformedBodyException, HttpResponse<?>> {
  private final ProblemResponder responder;

  MalformedBodyHandler(ProblemResponder responder) {
    this.responder = responder;
  }

  @Override
  @SuppressWarnings("rawtypes") // the ExceptionHandler interface declares a raw HttpRequest
  public HttpResponse<?> handle(HttpRequest request, MalformedBodyException exception) {
    return responder.respond(
        request,
        ProblemType.VALIDATION,
        io.micronaut.http.HttpStatus.BAD_REQUEST,
        exception.getMessage(),
        null);
  }
}
