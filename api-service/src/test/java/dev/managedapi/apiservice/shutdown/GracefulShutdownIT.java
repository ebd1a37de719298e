package dev.managedapi.apiservice.shutdown;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.apiservice.testing.Http;
import dev.managedapi.apiservice.testing.ServiceProcess;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM with requests in flight: readiness goes DOWN at once, every in-flight request completes,
 * and the process exits 0.
 */
class GracefulShutdownIT {
  private static final int IN_FLIGHT = 10;
  private static final Pattern IN_FLIGHT_GAUGE =
      Pattern.compile("(?m)^api_requests_in_flight (\\d+)");

  @Test
  void inFlightRequestsAllCompleteAndTheProcessExitsZero() {
    try (ServiceProcess service =
        ServiceProcess.start(
            "CHAOS_REQUEST_DELAY_MS", "3000",
            "SHUTDOWN_DRAIN_DELAY_SECONDS", "2",
            "SHUTDOWN_GRACE_SECONDS", "20",
            "RATE_LIMIT_ENABLED", "false")) {
      service.awaitReady(Duration.ofSeconds(60));
      Http http = service.http();

      List<CompletableFuture<HttpResponse<String>>> inFlight = sendSlowRequests(http);
      // Every slow request is inside the server (plus this scrape itself).
      await().atMost(Duration.ofSeconds(10)).until(() -> inFlightGauge(http) >= IN_FLIGHT + 1);

      service.terminate();

      await()
          .atMost(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(() -> http.get("/health/readiness").statusCode() == 503);
      List<Integer> statuses = inFlight.stream().map(f -> f.join().statusCode()).toList();
      assertThat(statuses).hasSize(IN_FLIGHT).allMatch(status -> status == 200 || status == 201);
      assertThat(service.awaitExit(Duration.ofSeconds(30))).isZero();
      assertThat(String.join("\n", service.stdoutLines()))
          .contains("Shutdown started (SIGTERM)")
          .contains("Shutdown complete");
    }
  }

  private static List<CompletableFuture<HttpResponse<String>>> sendSlowRequests(Http http) {
    var executor = Executors.newFixedThreadPool(IN_FLIGHT);
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < IN_FLIGHT; i++) {
      HttpRequest.Builder request =
          i % 2 == 0
              ? http.request("/api/inputs")
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"source\":\"shutdown\",\"payload\":1}"))
              : http.request("/api/exports").GET();
      // A client each, so every request has its own connection, as separate callers would.
      futures.add(
          CompletableFuture.supplyAsync(() -> new Http(http.base()).send(request), executor));
    }
    executor.shutdown();
    return futures;
  }

  private static int inFlightGauge(Http http) {
    Matcher matcher = IN_FLIGHT_GAUGE.matcher(http.get("/prometheus").body());
    return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
  }
}
