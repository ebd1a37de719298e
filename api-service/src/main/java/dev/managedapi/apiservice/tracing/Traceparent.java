package dev.managedapi.apiservice.tracing;

import io.micronaut.core.annotation.Nullable;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.trace.IdGenerator;
import java.util.List;

/**
 * The W3C Trace Context {@code traceparent} header, read by OpenTelemetry's own propagator and ids
 * made by its own generator, so the light path of {@link TraceIdFilter} accepts and rejects exactly
 * what the full OpenTelemetry path does. Only these two calls run per request; no span is built.
 */
final class Traceparent {
  static final String HEADER = "traceparent";

  private static final IdGenerator IDS = IdGenerator.random();

  private Traceparent() {}

  /** The trace id of a valid header, else null (absent or malformed: the caller starts a trace). */
  @Nullable
  static String traceIdOf(@Nullable String header) {
    if (header == null) {
      return null;
    }
    Context extracted =
        W3CTraceContextPropagator.getInstance()
            .extract(Context.root(), header, SingleHeader.GETTER);
    SpanContext parent = Span.fromContext(extracted).getSpanContext();
    return parent.isValid() ? parent.getTraceId() : null;
  }

  /** A new random trace id: 32 lowercase hex characters, not all zeros. */
  static String newTraceId() {
    return IDS.generateTraceId();
  }

  /** Presents one traceparent value as the carrier the propagator reads. */
  private enum SingleHeader implements TextMapGetter<String> {
    GETTER;

    @Override
    public Iterable<String> keys(String carrier) {
      return List.of(HEADER);
    }

    @Override
    @Nullable
    public String get(@Nullable String carrier, String key) {
      return HEADER.equals(key) ? carrier : null;
    }
  }
}
