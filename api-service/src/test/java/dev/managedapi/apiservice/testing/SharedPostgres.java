package dev.managedapi.apiservice.testing;

import java.util.HashMap;
import java.util.Map;

/**
 * One PostgreSQL for every test class in the JVM that does not stop it: starting one costs about a
 * second, and each class gets its own database anyway.
 */
public final class SharedPostgres {
  private static PostgresServer server;

  private SharedPostgres() {}

  /**
   * Properties for a service on a new, empty database of the shared server, with rate limiting off
   * (tests send bursts on purpose); mutable, so a test can add its own.
   */
  public static Map<String, String> freshDatabase() {
    PostgresServer postgres = get();
    Map<String, String> properties =
        new HashMap<>(postgres.datasourceProperties(postgres.createDatabase()));
    properties.put("api.rate-limit.enabled", "false");
    return properties;
  }

  public static synchronized PostgresServer get() {
    if (server == null) {
      server = PostgresServer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shared-postgres-stop"));
    }
    return server;
  }
}
