package dev.managedapi.apiservice.testing;

import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;

/**
 * The service in-process on a PostgreSQL of its own, for tests that stop and start the database
 * (the shared one must stay up for the other classes).
 */
public final class ServiceOnOwnPostgres implements AutoCloseable {
  private final PostgresServer postgres;
  private final EmbeddedServer server;

  private ServiceOnOwnPostgres(PostgresServer postgres, EmbeddedServer server) {
    this.postgres = postgres;
    this.server = server;
  }

  /** {@code properties} are added to the datasource's (breaker settings, timeouts, ...). */
  public static ServiceOnOwnPostgres start(Map<String, String> properties) {
    PostgresServer postgres = PostgresServer.start();
    Map<String, String> all =
        new HashMap<>(postgres.datasourceProperties(postgres.createDatabase()));
    all.putAll(properties);
    return new ServiceOnOwnPostgres(postgres, ServiceUnderTest.start(all));
  }

  public PostgresServer postgres() {
    return postgres;
  }

  public Http http() {
    return new Http(server.getURI());
  }

  @Override
  public void close() {
    server.getApplicationContext().close();
    postgres.close();
  }
}
