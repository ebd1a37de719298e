package dev.managedapi.apiservice.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.apiservice.testing.CapturedLogs;
import dev.managedapi.apiservice.testing.Http;
import dev.managedapi.apiservice.testing.RawHttp;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A client that hangs up in the middle of its body is the client's event: no ERROR line, no 500 in
 * api_errors_total, a count of its own.
 */
@MicronautTest
@Property(name = "api.rate-limit.enabled", value = "false")
class ClientAbortTest {
  private static final Pattern ABORTS =
      Pattern.compile("(?m)^api_client_aborts_total(\\{[^}]*\\})? ([0-9.]+)");

  @Inject EmbeddedServer server;

  @Test
  void aBodyCutOffByTheClientIsNotAServerError() {
    Http http = new Http(server.getURI());
    try (CapturedLogs logs = new CapturedLogs(ProblemResponder.class.getName())) {
      double before = aborts(http);
      try (RawHttp raw = new RawHttp(server.getURI())) {
        raw.send(
            "POST /api/inputs HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n{\"source\":");
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> aborts(http) > before);
      assertThat(logs.events()).noneMatch(event -> event.getLevel().toString().equals("ERROR"));
      assertThat(http.get("/prometheus").body()).doesNotContain("api_errors_total{status=\"500\"");
    }
  }

  private static double aborts(Http http) {
    Matcher matcher = ABORTS.matcher(http.get("/prometheus").body());
    return matcher.find() ? Double.parseDouble(matcher.group(2)) : 0;
  }
}
