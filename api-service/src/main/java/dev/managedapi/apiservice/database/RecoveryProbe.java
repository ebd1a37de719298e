package dev.managedapi.apiservice.database;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While the breaker is open, tries a connection of its own every {@code interval}, outside the
 * pool, and tells the breaker as soon as one succeeds. Without it the first write after an outage
 * came 2.2 to 5.3 s after PostgreSQL was back: the breaker refused for its whole open duration, and
 * the pool, retrying with a backoff that grows to 5 s, had not noticed yet. One direct connection
 * every 200 ms costs the database nothing while it is down (the connection is refused).
 */
final class RecoveryProbe implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryProbe.class);

  private final String url;
  private final Properties credentials = new Properties();
  private final Duration interval;
  private final CircuitBreaker breaker;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable ->
              Thread.ofPlatform().daemon().name("database-recovery-probe").unstarted(runnable));
  private ScheduledFuture<?> probing;

  RecoveryProbe(DatasourceConfiguration datasource, Duration interval, CircuitBreaker breaker) {
    this.url = datasource.getJdbcUrl();
    this.interval = interval;
    this.breaker = breaker;
    if (datasource.getUsername() != null) {
      credentials.setProperty("user", datasource.getUsername());
    }
    if (datasource.getPassword() != null) {
      credentials.setProperty("password", datasource.getPassword());
    }
    // pgjdbc's connect timeout is in seconds; on loopback a down server refuses at once anyway.
    credentials.setProperty("connectTimeout", "1");
  }

  /** Starts probing unless it already does; it stops by itself once the breaker lets calls in. */
  synchronized void start() {
    if (probing != null && !probing.isDone()) {
      return;
    }
    long millis = interval.toMillis();
    probing = scheduler.scheduleWithFixedDelay(this::probe, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void probe() {
    if (!breaker.refusing()) {
      throw new StopProbing(); // ends the schedule: the breaker is trying or closed again
    }
    try (Connection connection = DriverManager.getConnection(url, credentials)) {
      LOG.info("Database accepted a connection again; the circuit breaker lets a trial through");
      breaker.databaseReachable();
      throw new StopProbing();
    } catch (SQLException e) {
      LOG.debug("Database still unreachable: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  /** Thrown from the task to end a fixed-delay schedule, which only an exception can. */
  private static final class StopProbing extends RuntimeException {
    StopProbing() {
      super(null, null, false, false);
    }
  }
}
