package dev.managedapi.apiservice.errors;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the errors Micronaut raises on its own (no route: 404, wrong method: 405, wrong content
 * type: 415, body too big: 413, unreadable JSON or parameters: 400) as problem+json, like ours.
 */
@Singleton
@Primary
class ProblemErrorResponseProcessor implements ErrorResponseProcessor<ProblemDetail> {
  private final ProblemResponder responder;

  ProblemErrorResponseProcessor(ProblemResponder responder) {
    this.responder = responder;
  }

  @Override
  public MutableHttpResponse<ProblemDetail> processResponse(
      ErrorContext errorContext, MutableHttpResponse<?> baseResponse) {
    HttpStatus status = baseResponse.getStatus();
    ProblemType type = ProblemType.forStatus(status);
    if (status.getCode() >= 500 && errorContext.getRootCause().isPresent()) {
      return copyHeaders(
          baseResponse,
          responder.internalError(errorContext.getRequest(), errorContext.getRootCause().get()));
    }
    String detail =
        errorContext.getErrors().stream()
            .map(ProblemErrorResponseProcessor::firstLine)
            .collect(Collectors.joining("; "));
    List<FieldError> fieldErrors =
        status == HttpStatus.BAD_REQUEST
            ? errorContext.getErrors().stream()
                .filter(error -> error.getPath().isPresent())
                .map(error -> new FieldError(fieldName(error), firstLine(error)))
                .toList()
            : List.of();
    return copyHeaders(
        baseResponse,
        responder.respond(
            errorContext.getRequest(),
            type,
            status,
            detail.isEmpty() ? null : detail,
            fieldErrors.isEmpty() ? null : fieldErrors));
  }

  /** Parser messages go on to name internal locations; the first line is what a client needs. */
  private static String firstLine(Error error) {
    String message = error.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Conversion errors name the argument as a path ("/id"); clients know it as "id". */
  private static String fieldName(Error error) {
    String path = error.getPath().orElse("");
    return path.startsWith("/") ? path.substring(1) : path;
  }

  /** Keeps what the framework already set, such as Allow on a 405. */
  private static MutableHttpResponse<ProblemDetail> copyHeaders(
      MutableHttpResponse<?> from, MutableHttpResponse<ProblemDetail> to) {
    from.getHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type")
                  && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> to.header(name, value));
              }
            });
    return to;
  }
}
