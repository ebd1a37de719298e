package dev.managedapi.apiservice.errors;

import dev.managedapi.apiservice.inputs.IdempotencyKeyReusedException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** 422 for a key reused with another request, as the IETF draft asks. */
@Produces
@Singleton
class IdempotencyKeyReusedHandler
    implements ExceptionHandler<IdempotencyKeyReusedException, HttpResponse<?>> {
  private final ProblemResponder responder;

  IdempotencyKeyReusedHandler(ProblemResponder responder) {
    this.responder = responder;
  }

  @Override
  @SuppressWarnings("rawtypes") // the ExceptionHandler interface declares a raw HttpRequest
  public HttpResponse<?> handle(HttpRequest request, IdempotencyKeyReusedException exception) {
    return responder.respond(request, ProblemType.IDEMPOTENCY_KEY_REUSED, exception.getMessage());
  }
}
