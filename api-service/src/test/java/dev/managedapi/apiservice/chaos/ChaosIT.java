package dev.managedapi.apiservice.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.managedapi.apiservice.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chaos switches the operator's end-to-end tests use, each against the real jar. */
class ChaosIT {

  @Test
  void crashOnStartExitsWithTheGivenCodeAndSaysWhy() throws IOException {
    try (ServiceProcess service = ServiceProcess.start("CHAOS_CRASH_ON_START_EXIT_CODE", "42")) {
      assertThat(service.awaitExit(Duration.ofSeconds(30))).isEqualTo(42);
      assertThat(Files.readString(service.terminationMessage()))
          .contains("CHAOS_CRASH_ON_START_EXIT_CODE=42");
    }
  }

  @Test
  void crashAfterSecondsRunsThenDiesWithCodeOne() throws IOException {
    // 15 s, not 2: on a busy 2-core machine the first answer after startup took over 2 s, and the
    // process was gone before it was ever seen ready.
    try (ServiceProcess service = ServiceProcess.start("CHAOS_CRASH_AFTER_SECONDS", "15")) {
      service.awaitReady(Duration.ofSeconds(60));

      assertThat(service.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(Files.readString(service.terminationMessage()))
          .contains("CHAOS_CRASH_AFTER_SECONDS=15");
    }
  }

  @Test
  void slowStartKeepsThePortClosedForTheGivenTime() {
    try (ServiceProcess service = ServiceProcess.start("CHAOS_SLOW_START_SECONDS", "3")) {
      Duration ready = service.awaitReady(Duration.ofSeconds(60));

      assertThat(ready).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }
  }

  @Test
  void failLivenessMakesTheLivenessProbeFail() {
    try (ServiceProcess service = ServiceProcess.start("CHAOS_FAIL_LIVENESS", "true")) {
      service.awaitReady(Duration.ofSeconds(60));

      assertThat(service.http().get("/health/liveness").statusCode()).isEqualTo(503);
    }
  }

  @Test
  void oomAllocatesUntilTheProcessDies() throws IOException {
    try (ServiceProcess service =
        ServiceProcess.start(
            Map.of("CHAOS_OOM", "true"),
            "-Xmx128m",
            "-XX:MaxDirectMemorySize=32m",
            "-XX:+ExitOnOutOfMemoryError")) {
      await().atMost(Duration.ofSeconds(60)).until(() -> !service.isAlive());

      assertThat(service.awaitExit(Duration.ofSeconds(5))).isNotZero();
      assertThat(Files.readString(service.terminationMessage())).contains("CHAOS_OOM");
    }
  }
}
