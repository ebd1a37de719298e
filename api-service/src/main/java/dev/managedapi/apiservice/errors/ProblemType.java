package dev.managedapi.apiservice.errors;

import io.micronaut.http.HttpStatus;

/** The kinds of problem the API reports; each has a stable type URI clients can switch on. */
public enum ProblemType {
  VALIDATION(HttpStatus.BAD_REQUEST, "validation-failed", "Request is invalid"),
  NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Resource not found"),
  METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
  NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable"),
  PAYLOAD_TOO_LARGE(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "payload-too-large", "Payload too large"),
  URI_TOO_LONG(HttpStatus.REQUEST_URI_TOO_LONG, "uri-too-long", "URI too long"),
  HEADERS_TOO_LARGE(
      HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
      "headers-too-large",
      "Request header fields too large"),
  UNSUPPORTED_MEDIA_TYPE(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
  IDEMPOTENCY_KEY_REUSED(
      HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused", "Idempotency-Key reused"),
  RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests"),
  INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal server error"),
  DATABASE_UNAVAILABLE(
      HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database temporarily unavailable"),
  EXPORTS_UNAVAILABLE(
      HttpStatus.SERVICE_UNAVAILABLE, "exports-unavailable", "Exports directory unavailable"),
  SERVER_BUSY(HttpStatus.SERVICE_UNAVAILABLE, "server-busy", "Server busy"),
  DEADLINE_EXCEEDED(
      HttpStatus.SERVICE_UNAVAILABLE, "deadline-exceeded", "Request deadline exceeded"),
  OTHER(HttpStatus.BAD_REQUEST, "about:blank", null);

  private static final String BASE = "https://managedapi.dev/problems/";

  private final HttpStatus status;
  private final String slug;
  private final String title;

  ProblemType(HttpStatus status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  public HttpStatus status() {
    return status;
  }

  public String uri() {
    return slug.equals("about:blank") ? slug : BASE + slug;
  }

  /** The title; for {@link #OTHER} the status's reason phrase, as RFC 9457 asks for about:blank. */
  public String title(HttpStatus actual) {
    return title != null ? title : actual.getReason();
  }

  /** The type for a status raised by the framework itself (routing, content negotiation, ...). */
  public static ProblemType forStatus(HttpStatus status) {
    for (ProblemType type : values()) {
      if (type != OTHER
          && type != VALIDATION
          && type.status == status
          && type.isFrameworkStatus()) {
        return type;
      }
    }
    return status == HttpStatus.BAD_REQUEST ? VALIDATION : OTHER;
  }

  private boolean isFrameworkStatus() {
    return status != HttpStatus.SERVICE_UNAVAILABLE;
  }
}
