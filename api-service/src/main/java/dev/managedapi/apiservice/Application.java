package dev.managedapi.apiservice;

import dev.managedapi.apiservice.chaos.StartupChaos;
import dev.managedapi.apiservice.config.EnvironmentTranslator;
import dev.managedapi.apiservice.config.InvalidEnvironmentException;
import dev.managedapi.apiservice.config.LogFormat;
import dev.managedapi.apiservice.shutdown.TermSignalHandler;
import dev.managedapi.apiservice.tracing.TracingDefaults;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the service. Deliberately no static logger: logback must not start before LOG_FORMAT has
 * been read.
 */
public final class Application {
  /** Exit code for a configuration error, distinct from a crash (1) and the JVM's own codes. */
  static final int EXIT_INVALID_CONFIGURATION = 2;

  private Application() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> environment = System.getenv();
    Map<String, Object> properties;
    try {
      properties = new HashMap<>(EnvironmentTranslator.translate(environment));
    } catch (InvalidEnvironmentException e) {
      System.err.println("api-service: invalid configuration: " + e.getMessage());
      System.exit(EXIT_INVALID_CONFIGURATION);
      return;
    }
    LogFormat.select((String) properties.getOrDefault(LogFormat.PROPERTY, "json"));
    StartupChaos.apply(properties);
    properties.putAll(TracingDefaults.forEnvironment(environment));

    ApplicationContext context =
        Micronaut.build(args)
            .mainClass(Application.class)
            .banner(false) // stdout carries JSON lines only
            .properties(properties)
            .start();
    TermSignalHandler.install(context);
  }
}
