package dev.managedapi.apiservice.tracing;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/** The W3C trace id of the request being served, for logs and error bodies. */
public final class TraceIds {
  /** Where {@link TraceIdFilter} keeps the request's trace id when OpenTelemetry is off. */
  static final String ATTRIBUTE = TraceIds.class.getName() + ".traceId";

  private TraceIds() {}

  /**
   * The request's trace id: the one {@link TraceIdFilter} gave it, else that of the current
   * OpenTelemetry span (when OpenTelemetry is on), else null (an untraced path such as /health).
   */
  @Nullable
  public static String of(HttpRequest<?> request) {
    if (request.getAttribute(ATTRIBUTE).orElse(null) instanceof String traceId) {
      return traceId;
    }
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? context.getTraceId() : null;
  }
}
