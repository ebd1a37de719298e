package dev.managedapi.apiservice.errors;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;

/** 400 for a value our code rejected after parsing. */
@Produces
@Singleton
class InvalidRequestHandler implements ExceptionHandler<InvalidRequestException, HttpResponse<?>> {
  private final ProblemResponder responder;

  InvalidRequestHandler(ProblemResponder responder) {
    this.responder = responder;
  }

  @Override
  @SuppressWarnings("rawtypes") // the ExceptionHandler interface declares a raw HttpRequest
  public HttpResponse<?> handle(HttpRequest request, InvalidRequestException exception) {
    return responder.invalid(
        request,
        "The request has invalid fields",
        List.of(new FieldError(exception.field(), exception.getMessage())));
  }
}
