package dev.managedapi.apiservice.errors;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Bean validation failures become a 400 that names each field the client sent wrong. */
@Produces
@Singleton
@Replaces(ConstraintExceptionHandler.class)
class ConstraintViolationHandler
    implements ExceptionHandler<ConstraintViolationException, HttpResponse<?>> {
  private final ProblemResponder responder;

  ConstraintViolationHandler(ProblemResponder responder) {
    this.responder = responder;
  }

  @Override
  @SuppressWarnings("rawtypes") // the ExceptionHandler interface declares a raw HttpRequest
  public HttpResponse<?> handle(HttpRequest request, ConstraintViolationException exception) {
    List<FieldError> errors =
        exception.getConstraintViolations().stream()
            .map(violation -> new FieldError(fieldName(violation), violation.getMessage()))
            .sorted(Comparator.comparing(FieldError::field))
            .toList();
    return responder.invalid(request, "The request has invalid fields", errors);
  }

  /**
   * "create.request.source" means nothing to a client; "source" does. The path is method, argument,
   * then the fields inside a body; a plain parameter ("list.limit") is named by itself.
   */
  private static String fieldName(ConstraintViolation<?> violation) {
    List<String> names = new ArrayList<>();
    for (Path.Node node : violation.getPropertyPath()) {
      names.add(node.getName());
    }
    if (names.size() < 2) {
      return violation.getPropertyPath().toString();
    }
    return String.join(
        ".", names.size() == 2 ? names.subList(1, 2) : names.subList(2, names.size()));
  }
}
