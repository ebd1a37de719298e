package dev.managedapi.apiservice.errors;

import io.micronaut.context.annotation.Primary;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;
import java.util.List;

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
    ProblemType tooLong = tooLongPart(errorContext);
    if (tooLong != null) {
      // Netty reports a too-long request line or header block as a TooLongFrameException, which
      // Micronaut answers 413 as if the body were too large.
      return responder
          .respond(
              errorContext.getRequest(),
              tooLong,
              tooLong.status(),
              tooLong == ProblemType.URI_TOO_LONG
                  ? "The request line (method and URI) is longer than this API accepts"
                  : "The request headers are larger than this API accepts",
              null)
          .header("Connection", "close");
    }
    if (status.getCode() >= 500 && errorContext.getRootCause().isPresent()) {
      return copyHeaders(
          baseResponse,
          responder.internalError(errorContext.getRequest(), errorContext.getRootCause().get()));
    }
    // The framework's messages name our classes and its parser's features: never pass them on.
    List<FieldError> fieldErrors =
        status == HttpStatus.BAD_REQUEST
            ? errorContext.getErrors().stream()
                .filter(error -> error.getPath().isPresent())
                .map(error -> new FieldError(fieldName(error), "is not a valid value"))
                .distinct()
                .toList()
            : List.of();
    return copyHeaders(
        baseResponse,
        responder.respond(
            errorContext.getRequest(),
            type,
            status,
            detail(status, !fieldErrors.isEmpty()),
            fieldErrors.isEmpty() ? null : fieldErrors));
  }

  /** Which part of a request Netty's decoder found too long, if that is what went wrong. */
  @Nullable
  private static ProblemType tooLongPart(ErrorContext errorContext) {
    if (!(errorContext.getRequest() instanceof NettyHttpRequest<?> netty)) {
      return null;
    }
    DecoderResult result = netty.getNativeRequest().decoderResult();
    if (result.isSuccess()) {
      return null;
    }
    return switch (result.cause()) {
      case TooLongHttpLineException ignored -> ProblemType.URI_TOO_LONG;
      case TooLongHttpHeaderException ignored -> ProblemType.HEADERS_TOO_LARGE;
      default -> null;
    };
  }

  /** Our own sentence for each status the framework raises. */
  private static String detail(HttpStatus status, boolean hasFields) {
    return switch (status) {
      case BAD_REQUEST ->
          hasFields ? "The request has invalid fields" : "The request could not be read";
      case NOT_FOUND -> "Nothing is served at this path";
      case METHOD_NOT_ALLOWED -> "This method is not allowed here; Allow lists the ones that are";
      case NOT_ACCEPTABLE -> "None of the media types in Accept can be produced here";
      case REQUEST_ENTITY_TOO_LARGE -> "The request body is larger than this API accepts";
      case UNSUPPORTED_MEDIA_TYPE -> "The body must be sent as application/json";
      default -> status.getReason();
    };
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
