package dev.managedapi.apiservice.http;

import static dev.managedapi.apiservice.testing.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.apiservice.testing.Http;
import dev.managedapi.apiservice.testing.RawHttp;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Requests that are wrong as HTTP, before any route: each gets the status that names its fault. */
@MicronautTest
@Property(name = "api.rate-limit.enabled", value = "false")
@Property(name = "micronaut.server.max-request-size", value = "4096")
@Property(name = "api.http.request-head-timeout", value = "1s")
class ProtocolLimitsTest {
  @Inject EmbeddedServer server;

  @Test
  void aTooLongUriIsA414() {
    assertProblem(
        new Http(server.getURI()).get("/api/inputs?source=" + "a".repeat(10_000)),
        414,
        "uri-too-long");
  }

  @Test
  void tooLargeHeadersAreA431() {
    assertProblem(
        new Http(server.getURI()).get("/api/inputs", "X-Padding", "p".repeat(20_000)),
        431,
        "headers-too-large");
  }

  @Test
  void anOversizedBodyAnnouncedWithExpectContinueGetsA413InsteadOfContinue() {
    try (RawHttp raw = new RawHttp(server.getURI())) {
      RawHttp.Response response =
          raw.send(
                  "POST /api/inputs HTTP/1.1\r\nHost: localhost\r\n"
                      + "Content-Type: application/json\r\nContent-Length: 50000000\r\n"
                      + "Expect: 100-continue\r\n\r\n")
              .read();

      assertThat(response.status()).as(response.head()).isEqualTo(413);
      assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }
  }

  @Test
  void headersThatDoNotArriveInTimeAreA408AndTheConnectionCloses() {
    try (RawHttp raw = new RawHttp(server.getURI())) {
      // The head is never finished: the blank line never comes.
      RawHttp.Response response =
          raw.send("GET /health/liveness HTTP/1.1\r\nHost: localhost\r\n").read();

      assertThat(response.status()).isEqualTo(408);
      assertThat(response.header("Content-Type")).startsWith("application/problem+json");
      assertThat(raw.closedByServer()).isTrue();
    }
  }

  @Test
  void aCompleteRequestIsServedAsUsual() {
    try (RawHttp raw = new RawHttp(server.getURI())) {
      RawHttp.Response first =
          raw.send("GET /health/liveness HTTP/1.1\r\nHost: localhost\r\n\r\n").read();
      RawHttp.Response second =
          raw.send("GET /health/liveness HTTP/1.1\r\nHost: localhost\r\n\r\n").read();

      assertThat(first.status()).isEqualTo(200);
      assertThat(second.status()).isEqualTo(200);
    }
  }
}
