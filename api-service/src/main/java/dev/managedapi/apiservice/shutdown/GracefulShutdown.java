package dev.managedapi.apiservice.shutdown;

import io.micronaut.context.ApplicationContext;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stop sequence: readiness DOWN, wait the drain delay while still serving, then stop the
 * context, whose graceful-shutdown phase closes the port and waits (up to the grace period) for
 * in-flight requests before anything is torn down.
 */
@Singleton
public class GracefulShutdown {
  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

  private final ApplicationContext context;
  private final DrainState drainState;
  private final ShutdownSettings settings;

  GracefulShutdown(ApplicationContext context, DrainState drainState, ShutdownSettings settings) {
    this.context = context;
    this.drainState = drainState;
    this.settings = settings;
  }

  /** Runs the whole sequence on the calling thread; returns once the context has stopped. */
  public void run(String reason) {
    drainState.startDraining();
    LOG.info(
        "Shutdown started ({}): readiness DOWN, draining for {}", reason, settings.getDrainDelay());
    try {
      Thread.sleep(settings.getDrainDelay());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    context.stop();
    LOG.info("Shutdown complete");
  }
}
