package dev.managedapi.apiservice.shutdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.apiservice.testing.Http;
import dev.managedapi.apiservice.testing.RawHttp;
import dev.managedapi.apiservice.testing.ServiceProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * During the drain every response closes its connection, and the port stays open until the drain
 * ends: a keep-alive client is told to reconnect, never left writing into a closing connection.
 */
class DrainIT {
  private static final String PROBE = "GET /health/liveness HTTP/1.1\r\nHost: localhost\r\n\r\n";

  @Test
  void responsesDuringTheDrainCloseTheirConnection() {
    try (ServiceProcess service =
        ServiceProcess.start("SHUTDOWN_DRAIN_DELAY_SECONDS", "5", "RATE_LIMIT_ENABLED", "false")) {
      service.awaitReady(Duration.ofSeconds(60));
      Http http = service.http();
      try (RawHttp keepAlive = new RawHttp(http.base())) {
        RawHttp.Response before = keepAlive.send(PROBE).read();
        assertThat(before.header("Connection")).isNull();

        service.terminate();
        // New connections are still accepted during the drain: each poll opens one.
        await()
            .atMost(Duration.ofSeconds(3))
            .ignoreExceptions()
            .until(() -> http.get("/health/readiness").statusCode() == 503);

        RawHttp.Response during = keepAlive.send(PROBE).read();
        assertThat(during.status()).isEqualTo(200);
        assertThat(during.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(keepAlive.closedByServer()).isTrue();
      }
      assertThat(http.get("/api/exports").headers().firstValue("Connection")).hasValue("close");
      assertThat(service.awaitExit(Duration.ofSeconds(30))).isZero();
    }
  }
}
