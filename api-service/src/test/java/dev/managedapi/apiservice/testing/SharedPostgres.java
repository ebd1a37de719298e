package dev.managedapi.apiservice.testing;

/**
 * One PostgreSQL for every test class in the JVM that does not stop it: starting one costs about a
 * second, and each class gets its own database anyway.
 */
public final class SharedPostgres {
  private static PostgresServer server;

  private SharedPostgres() {}

  public static synchronized PostgresServer get() {
    if (server == null) {
      server = PostgresServer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shared-postgres-stop"));
    }
    return server;
  }
}
