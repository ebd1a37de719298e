package dev.managedapi.apiservice.tracing;

import io.micronaut.core.annotation.Nullable;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/** The W3C trace id of the request being served, for logs and error bodies. */
public final class TraceIds {
  private TraceIds() {}

  /** The current trace id, or null outside a traced request. */
  @Nullable
  public static String current() {
    SpanContext context = Span.current().getSpanContext();
    return context.isValid() ? context.getTraceId() : null;
  }
}
