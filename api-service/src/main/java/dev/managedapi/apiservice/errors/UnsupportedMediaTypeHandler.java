package dev.managedapi.apiservice.errors;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** 415 for a body whose Content-Type is missing or not the one the route takes. */
@Produces
@Singleton
class UnsupportedMediaTypeHandler
    implements ExceptionHandler<UnsupportedMediaTypeException, HttpResponse<?>> {
  private final ProblemResponder responder;

  UnsupportedMediaTypeHandler(ProblemResponder responder) {
    this.responder = responder;
  }

  @Override
  @SuppressWarnings("rawtypes") // the ExceptionHandler interface declares a raw HttpRequest
  public HttpResponse<?> handle(HttpRequest request, UnsupportedMediaTypeException exception) {
    return responder.respond(request, ProblemType.UNSUPPORTED_MEDIA_TYPE, exception.getMessage());
  }
}
