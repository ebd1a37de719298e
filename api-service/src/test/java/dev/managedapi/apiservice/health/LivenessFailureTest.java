package dev.managedapi.apiservice.health;

import static dev.managedapi.apiservice.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.managedapi.apiservice.testing.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** A wedged process fails liveness (so the kubelet restarts it); so does the chaos switch. */
@MicronautTest
@Property(name = "chaos.fail-liveness", value = "true")
class LivenessFailureTest {
  @Inject EmbeddedServer server;

  @Test
  void chaosSwitchFailsLivenessButNotReadiness() {
    Http http = new Http(server.getURI());

    HttpResponse<String> liveness = http.get("/health/liveness");
    assertThat(liveness.statusCode()).isEqualTo(503);
    assertThat(json(liveness).path("status").asText()).isEqualTo("DOWN");
    assertThat(http.get("/health/readiness").statusCode()).isEqualTo(200);
  }

  @Test
  void deadlockedThreadsFailLiveness() throws InterruptedException {
    ReentrantLock first = new ReentrantLock();
    ReentrantLock second = new ReentrantLock();
    CountDownLatch bothHoldOne = new CountDownLatch(2);
    Thread a = Thread.ofPlatform().daemon().start(() -> lockBoth(first, second, bothHoldOne));
    Thread b = Thread.ofPlatform().daemon().start(() -> lockBoth(second, first, bothHoldOne));
    try {
      bothHoldOne.await();
      org.awaitility.Awaitility.await()
          .untilAsserted(
              () -> {
                var details = json(new Http(server.getURI()).get("/health/liveness"));
                assertThat(
                        details.path("details").path("deadlockedThreads").path("status").asText())
                    .isEqualTo("DOWN");
              });
    } finally {
      // lockInterruptibly lets the deadlock be broken, so it does not outlive the test.
      a.interrupt();
      b.interrupt();
      a.join();
      b.join();
    }
  }

  private static void lockBoth(ReentrantLock mine, ReentrantLock theirs, CountDownLatch latch) {
    mine.lock();
    try {
      latch.countDown();
      latch.await();
      theirs.lockInterruptibly();
      theirs.unlock();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      mine.unlock();
    }
  }
}
