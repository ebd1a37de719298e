package dev.managedapi.apiservice.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.managedapi.apiservice.testing.Http;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.tracing.opentelemetry.instrument.http.server.OpenTelemetryServerFilter;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With an OTLP endpoint, OpenTelemetry serves the request path as before: its server filter creates
 * the spans, the caller's trace id still reaches the error body, and spans are exported. The
 * collector is a stand-in that counts the OTLP/HTTP exports it receives.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenTelemetryExportTest implements TestPropertyProvider {
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  private final AtomicInteger exports = new AtomicInteger();
  private HttpServer collector;

  @Inject EmbeddedServer server;
  @Inject ApplicationContext context;

  @Override
  public Map<String, String> getProperties() {
    String endpoint = "http://127.0.0.1:" + startCollector();
    Map<String, String> properties = new HashMap<>();
    // What Application adds for this environment, and what Micronaut reads from it itself.
    TracingDefaults.forEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint))
        .forEach((key, value) -> properties.put(key, String.valueOf(value)));
    properties.put("otel.exporter.otlp.endpoint", endpoint);
    properties.put("otel.exporter.otlp.protocol", "http/protobuf");
    properties.put("otel.bsp.schedule.delay", "50");
    properties.put("api.rate-limit.enabled", "false");
    return properties;
  }

  @AfterAll
  void stopCollector() {
    collector.stop(0);
  }

  @Test
  void openTelemetryTracesTheRequestAndExportsTheSpan() {
    assertThat(context.containsBean(OpenTelemetryServerFilter.class)).isTrue();
    assertThat(context.containsBean(TraceIdFilter.class)).isFalse();

    HttpResponse<String> response =
        new Http(server.getURI())
            .get(
                "/api/inputs/" + UUID.randomUUID(),
                "traceparent",
                "00-" + TRACE_ID + "-b7ad6b7169203331-01");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(Http.json(response).path("traceId").asText()).isEqualTo(TRACE_ID);
    await().atMost(Duration.ofSeconds(10)).until(() -> exports.get() > 0);
  }

  private int startCollector() {
    try {
      collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    collector.createContext(
        "/v1/traces",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exports.incrementAndGet();
          exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    return collector.getAddress().getPort();
  }
}
