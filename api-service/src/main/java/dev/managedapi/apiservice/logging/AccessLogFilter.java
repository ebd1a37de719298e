package dev.managedapi.apiservice.logging;

import static net.logstash.logback.argument.StructuredArguments.kv;

import dev.managedapi.apiservice.tracing.TraceIds;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request: method, route template, status, duration, trace id; as JSON fields in
 * JSON mode, as key=value text otherwise. Also counts requests in flight, which the shutdown test
 * and dashboards watch.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class AccessLogFilter implements Ordered {
  private static final Logger LOG = LoggerFactory.getLogger("access");
  private static final String STARTED = AccessLogFilter.class.getName() + ".started";
  private static final String TRACE_ID = AccessLogFilter.class.getName() + ".traceId";

  private final AtomicInteger inFlight = new AtomicInteger();

  AccessLogFilter(MeterRegistry meterRegistry) {
    Gauge.builder("api.requests.in.flight", inFlight, AtomicInteger::get)
        .description("HTTP requests being served right now")
        .register(meterRegistry);
  }

  @RequestFilter
  void start(HttpRequest<?> request) {
    inFlight.incrementAndGet();
    request.setAttribute(STARTED, System.nanoTime());
    String traceId = TraceIds.of(request);
    if (traceId != null) {
      request.setAttribute(TRACE_ID, traceId);
    }
  }

  @ResponseFilter
  void log(HttpRequest<?> request, MutableHttpResponse<?> response) {
    inFlight.decrementAndGet();
    // Untyped reads: the typed getAttribute goes through the ConversionService on every request.
    long now = System.nanoTime();
    long started = request.getAttribute(STARTED).orElse(null) instanceof Long at ? at : now;
    long durationMs = TimeUnit.NANOSECONDS.toMillis(now - started);
    String route = BasicHttpAttributes.getUriTemplate(request).orElse("unmatched");
    LOG.info(
        "{} {} {} {} {}",
        kv("method", request.getMethodName()),
        kv("route", route),
        kv("status", response.code()),
        kv("durationMs", durationMs),
        kv("traceId", request.getAttribute(TRACE_ID).orElse("-")));
  }

  @Override
  public int getOrder() {
    // Inside the tracing filter (OpenTelemetry's or TraceIdFilter), so the trace id is there.
    return ServerFilterPhase.TRACING.after();
  }
}
