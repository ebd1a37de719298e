package dev.managedapi.apiservice.errors;

import dev.managedapi.apiservice.tracing.TraceIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds every error response, so they all share one shape ({@link ProblemDetail}), one media type,
 * one metric and one rule about what a 500 may reveal.
 */
@Singleton
public class ProblemResponder {
  public static final String PROBLEM_JSON = "application/problem+json";
  public static final MediaType PROBLEM_JSON_TYPE = MediaType.of(PROBLEM_JSON);

  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponder.class);

  private final ErrorSettings settings;
  private final MeterRegistry meterRegistry;

  ProblemResponder(ErrorSettings settings, MeterRegistry meterRegistry) {
    this.settings = settings;
    this.meterRegistry = meterRegistry;
  }

  /** A problem whose status is the type's own. */
  public MutableHttpResponse<ProblemDetail> respond(
      HttpRequest<?> request, ProblemType type, @Nullable String detail) {
    return respond(request, type, type.status(), detail, null);
  }

  /** A 400 listing each invalid field. */
  public MutableHttpResponse<ProblemDetail> invalid(
      HttpRequest<?> request, String detail, List<FieldError> errors) {
    return respond(request, ProblemType.VALIDATION, HttpStatus.BAD_REQUEST, detail, errors);
  }

  /** A 503 or 429 that tells the client when to come back. */
  public MutableHttpResponse<ProblemDetail> retryLater(
      HttpRequest<?> request, ProblemType type, String detail, Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return respond(request, type, type.status(), detail, null)
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
  }

  /**
   * A 500. The error id ties the response to the log line that has the stack trace; the body holds
   * the exception only when DEBUG is on.
   */
  public MutableHttpResponse<ProblemDetail> internalError(HttpRequest<?> request, Throwable error) {
    if (ClientAbort.isClientAbort(error)) {
      return clientAborted(request, error);
    }
    String errorId = UUID.randomUUID().toString();
    LOG.error(
        "Request failed unexpectedly: errorId={} method={} path={}",
        errorId,
        request.getMethodName(),
        request.getPath(),
        error);
    boolean expose = settings.isExposeDetails();
    ProblemDetail body =
        new ProblemDetail(
            ProblemType.INTERNAL.uri(),
            ProblemType.INTERNAL.title(HttpStatus.INTERNAL_SERVER_ERROR),
            500,
            "An unexpected error occurred. Quote errorId " + errorId + " when reporting it.",
            request.getPath(),
            errorId,
            TraceIds.of(request),
            null,
            expose ? error.toString() : null,
            expose ? Arrays.stream(error.getStackTrace()).map(String::valueOf).toList() : null);
    return send(ProblemType.INTERNAL, HttpStatus.INTERNAL_SERVER_ERROR, body);
  }

  /**
   * The client hung up before its request was read: a debug line and a count of its own, no error,
   * no 500 in api_errors_total. The answer is a 400 nobody will read.
   */
  private MutableHttpResponse<ProblemDetail> clientAborted(
      HttpRequest<?> request, Throwable error) {
    LOG.debug(
        "Client closed the connection before its request was read: method={} path={}: {}",
        request.getMethodName(),
        request.getPath(),
        error.toString());
    Counter.builder("api.client.aborts")
        .description("Requests the client abandoned before they were read (hung up mid-body)")
        .register(meterRegistry)
        .increment();
    return HttpResponse.<ProblemDetail>status(HttpStatus.BAD_REQUEST)
        .contentType(PROBLEM_JSON_TYPE)
        .body(
            new ProblemDetail(
                ProblemType.VALIDATION.uri(),
                ProblemType.VALIDATION.title(HttpStatus.BAD_REQUEST),
                400,
                "The connection was closed before the request was complete",
                request.getPath(),
                null,
                TraceIds.of(request),
                null,
                null,
                null));
  }

  /** Any status, for errors raised by the framework itself. */
  public MutableHttpResponse<ProblemDetail> respond(
      HttpRequest<?> request,
      ProblemType type,
      HttpStatus status,
      @Nullable String detail,
      @Nullable List<FieldError> errors) {
    ProblemDetail body =
        new ProblemDetail(
            type.uri(),
            type.title(status),
            status.getCode(),
            detail,
            request.getPath(),
            null,
            TraceIds.of(request),
            errors,
            null,
            null);
    return send(type, status, body);
  }

  private MutableHttpResponse<ProblemDetail> send(
      ProblemType type, HttpStatus status, ProblemDetail body) {
    Counter.builder("api.errors")
        .description("Error responses by status and problem type")
        .tag("status", String.valueOf(status.getCode()))
        .tag("type", type.name().toLowerCase(java.util.Locale.ROOT))
        .register(meterRegistry)
        .increment();
    return HttpResponse.<ProblemDetail>status(status).contentType(PROBLEM_JSON_TYPE).body(body);
  }
}
