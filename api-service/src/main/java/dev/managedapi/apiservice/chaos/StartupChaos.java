package dev.managedapi.apiservice.chaos;

import java.time.Duration;
import java.util.Map;

/**
 * The chaos switches that act before the framework starts: crash right away, or start slowly. They
 * read the translated properties because no application context exists yet.
 */
public final class StartupChaos {
  private StartupChaos() {}

  public static void apply(Map<String, Object> properties) throws InterruptedException {
    String terminationPath =
        (String)
            properties.getOrDefault(
                "chaos.termination-message-path", TerminationMessage.DEFAULT_PATH);
    Object exitCode = properties.get("chaos.crash-on-start-exit-code");
    if (exitCode instanceof Integer code) {
      TerminationMessage.write(
          terminationPath, "CHAOS_CRASH_ON_START_EXIT_CODE=" + code + ": exiting at startup");
      System.exit(code);
    }
    Object slowStart = properties.get("chaos.slow-start-seconds");
    if (slowStart instanceof Integer seconds && seconds > 0) {
      System.err.println(
          "api-service: CHAOS_SLOW_START_SECONDS: delaying startup by " + seconds + "s");
      // The delay is the feature: it keeps the port closed so startup probes see a slow start.
      Thread.sleep(Duration.ofSeconds(seconds));
    }
  }
}
