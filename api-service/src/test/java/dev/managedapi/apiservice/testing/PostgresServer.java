package dev.managedapi.apiservice.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL (binaries from the zonky artifacts, no Docker) on a fixed port and data
 * directory, so a test can stop it and start it again with its data, as an outage would.
 */
public final class PostgresServer implements AutoCloseable {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final int port;
  private final Path dataDirectory;
  private EmbeddedPostgres running;

  private PostgresServer(int port, Path dataDirectory) {
    this.port = port;
    this.dataDirectory = dataDirectory;
  }

  public static PostgresServer start() {
    try {
      PostgresServer server =
          new PostgresServer(freePort(), Files.createTempDirectory("api-service-pg-"));
      server.startAgain();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the server again on the same port and data: the database "comes back". */
  public synchronized void startAgain() {
    if (running != null) {
      return;
    }
    try {
      running =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setServerConfig("max_connections", "200")
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not start", e);
    }
  }

  /** Stops the server (fast shutdown: clients are disconnected, committed data is kept). */
  public synchronized void stop() {
    if (running == null) {
      return;
    }
    try {
      running.close();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not stop", e);
    } finally {
      running = null;
    }
  }

  /** A new, empty database, so test classes sharing a server do not see each other's rows. */
  public String createDatabase() {
    String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection connection = running.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
      return name;
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create database " + name, e);
    }
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }

  /** The datasource properties that point the service at {@code database}. */
  public Map<String, String> datasourceProperties(String database) {
    return Map.of(
        "datasources.default.url", jdbcUrl(database),
        "datasources.default.username", "postgres",
        "datasources.default.password", "");
  }

  public Connection connect(String database) throws SQLException {
    return running.getDatabase("postgres", database).getConnection();
  }

  @Override
  public void close() {
    stop();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
