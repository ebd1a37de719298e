package dev.managedapi.apiservice.chaos;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The chaos switches that act once the server is up: crash later, or eat all memory. */
@Singleton
class RuntimeChaos implements ApplicationEventListener<ServerStartupEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeChaos.class);
  private static final int CHUNK_BYTES = 8 * 1024 * 1024;

  private final ChaosSettings settings;

  RuntimeChaos(ChaosSettings settings) {
    this.settings = settings;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    Duration crashAfter = settings.getCrashAfter();
    if (crashAfter != null) {
      LOG.warn("CHAOS_CRASH_AFTER_SECONDS: exiting with code 1 in {}", crashAfter);
      Thread.ofPlatform().daemon().name("chaos-crash").start(() -> crashAfter(crashAfter));
    }
    if (settings.isOom()) {
      LOG.warn("CHAOS_OOM: allocating memory until the process dies");
      Thread.ofPlatform().daemon().name("chaos-oom").start(this::exhaustMemory);
    }
  }

  private void crashAfter(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      return;
    }
    TerminationMessage.write(
        settings.getTerminationMessagePath(),
        "CHAOS_CRASH_AFTER_SECONDS=" + delay.toSeconds() + ": crashing deliberately");
    // halt, not exit: a crash does not get a graceful shutdown.
    Runtime.getRuntime().halt(1);
  }

  /**
   * Native memory first (touched, so it is resident), then heap: together they exceed any container
   * limit the JVM sized itself for, so the kernel's OOM killer ends the container. The reason is
   * written before allocating, because nothing runs after an OOM kill, and with
   * -XX:+ExitOnOutOfMemoryError nothing runs after the JVM's own heap runs out either.
   */
  private void exhaustMemory() {
    TerminationMessage.write(
        settings.getTerminationMessagePath(),
        "CHAOS_OOM: allocating memory until the process dies");
    List<Object> hoard = new ArrayList<>();
    try {
      while (true) {
        hoard.add(ByteBuffer.allocateDirect(CHUNK_BYTES));
      }
    } catch (OutOfMemoryError directLimitReached) {
      // Direct memory is capped by -XX:MaxDirectMemorySize; carry on with the heap.
    }
    try {
      while (true) {
        hoard.add(new long[CHUNK_BYTES / Long.BYTES]);
      }
    } catch (OutOfMemoryError heapExhausted) {
      hoard.clear();
      Runtime.getRuntime().halt(3);
    }
  }
}
