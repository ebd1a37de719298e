package dev.managedapi.apiservice.errors;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** 404 for an id that is not there. */
@Produces
@Singleton
class ResourceNotFoundHandler
    implements ExceptionHandler<ResourceNotFoundException, HttpResponse<?>> {
  private final ProblemResponder responder;

  ResourceNotFoundHandler(ProblemResponder responder) {
    this.responder = responder;
  }

  @Override
  @SuppressWarnings("rawtypes") // the ExceptionHandler interface declares a raw HttpRequest
  public HttpResponse<?> handle(HttpRequest request, ResourceNotFoundException exception) {
    return responder.respond(request, ProblemType.NOT_FOUND, exception.getMessage());
  }
}
