package dev.managedapi.apiservice.errors;

import dev.managedapi.apiservice.memory.ServerBusyException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.time.Duration;

/** 503 when large bodies hold the memory budget: the service sheds load rather than dying. */
@Produces
@Singleton
class ServerBusyHandler implements ExceptionHandler<ServerBusyException, HttpResponse<?>> {
  private final ProblemResponder responder;

  ServerBusyHandler(ProblemResponder responder) {
    this.responder = responder;
  }

  @Override
  @SuppressWarnings("rawtypes") // the ExceptionHandler interface declares a raw HttpRequest
  public HttpResponse<?> handle(HttpRequest request, ServerBusyException exception) {
    return responder.retryLater(
        request, ProblemType.SERVER_BUSY, exception.getMessage(), Duration.ofSeconds(1));
  }
}
