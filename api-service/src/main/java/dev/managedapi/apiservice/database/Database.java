package dev.managedapi.apiservice.database;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;

/**
 * The only way into the database. Every call passes the circuit breaker, so once the database is
 * known to be down callers get {@link DatabaseUnavailableException} at once instead of each waiting
 * for a connection timeout.
 */
@Singleton
public class Database {
  private final DataSource dataSource;
  private final SchemaMigrator migrator;
  private final CircuitBreaker breaker;
  private final DatabaseKind kind;
  private final RecoveryProbe recovery;

  Database(
      DataSource dataSource,
      SchemaMigrator migrator,
      @Named("default") DatasourceConfiguration datasource,
      DatabaseSettings settings,
      Clock clock) {
    this.dataSource = dataSource;
    this.migrator = migrator;
    this.kind = DatabaseKind.fromJdbcUrl(datasource.getJdbcUrl());
    this.breaker =
        new CircuitBreaker(
            clock, settings.getBreakerFailureThreshold(), settings.getBreakerOpenDuration());
    this.recovery = new RecoveryProbe(datasource, settings.getBreakerProbeInterval(), breaker);
  }

  /**
   * Runs {@code work} on a pooled connection (auto-commit: a returned write is committed).
   *
   * @throws DatabaseUnavailableException when the database is down or the breaker is open
   * @throws DatabaseFailureException when the statement itself is wrong
   */
  public <T> T call(SqlWork<T> work) {
    return run(work, false);
  }

  /**
   * Like {@link #call}, for work that changes data: when the database fails after the work has
   * started, the exception says the outcome is unknown (the change may have committed), where a
   * failure before that (no connection, breaker open) means nothing was changed.
   */
  public <T> T write(SqlWork<T> work) {
    return run(work, true);
  }

  private <T> T run(SqlWork<T> work, boolean changesData) {
    Optional<Duration> refusal = breaker.refusal();
    if (refusal.isPresent()) {
      recovery.start();
      throw new DatabaseUnavailableException(
          "Database unavailable (circuit breaker open)",
          atLeastOneSecond(refusal.get()),
          false,
          null);
    }
    boolean started = false;
    try {
      migrator.ensureMigrated();
      T result;
      try (Connection connection = dataSource.getConnection()) {
        started = true;
        result = work.run(connection);
      }
      breaker.recordSuccess();
      return result;
    } catch (SQLException | FlywayException e) {
      if (FailureClassifier.isUnavailability(e)) {
        breaker.recordFailure();
        if (breaker.refusing()) {
          recovery.start();
        }
        throw new DatabaseUnavailableException(
            "Database unavailable: " + e.getMessage(),
            breaker.openDuration(),
            changesData && started,
            e);
      }
      // The database answered, so it is up, whatever our statement did wrong.
      breaker.recordSuccess();
      throw new DatabaseFailureException(e);
    } catch (RuntimeException e) {
      breaker.recordNeutral();
      throw e;
    }
  }

  @PreDestroy
  void close() {
    recovery.close();
  }

  public DatabaseKind kind() {
    return kind;
  }

  public CircuitBreaker.State breakerState() {
    return breaker.state();
  }

  private static Duration atLeastOneSecond(Duration wait) {
    return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
  }
}
