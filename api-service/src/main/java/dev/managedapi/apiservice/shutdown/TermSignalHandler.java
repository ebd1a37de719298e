package dev.managedapi.apiservice.shutdown;

import io.micronaut.context.ApplicationContext;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Takes SIGTERM and SIGINT away from the JVM's default handler. That handler runs shutdown hooks
 * and exits with 143; we run {@link GracefulShutdown} and exit 0, because a pod asked to stop that
 * stopped cleanly did not fail.
 */
@SuppressWarnings(
    "sunapi") // sun.misc.Signal is the supported way to own a signal (jdk.unsupported).
public final class TermSignalHandler {
  private TermSignalHandler() {}

  public static void install(ApplicationContext context) {
    AtomicBoolean started = new AtomicBoolean();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            if (!started.compareAndSet(false, true)) {
              return;
            }
            // Signal handlers must return quickly; the stop runs on its own non-daemon thread.
            Thread.ofPlatform()
                .name("graceful-shutdown")
                .start(
                    () -> {
                      context.getBean(GracefulShutdown.class).run("SIG" + signal.getName());
                      System.exit(0);
                    });
          });
    }
  }
}
