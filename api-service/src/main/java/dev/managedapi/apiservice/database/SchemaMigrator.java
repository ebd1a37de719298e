package dev.managedapi.apiservice.database;

import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the Flyway migrations once. It runs lazily, before the first database call, rather than
 * as a startup step: the service must start (degraded) while the database is down and catch up when
 * it returns.
 */
@Singleton
class SchemaMigrator {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

  private final DataSource dataSource;
  private volatile boolean migrated;

  SchemaMigrator(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  void ensureMigrated() {
    if (migrated) {
      return;
    }
    synchronized (this) {
      if (migrated) {
        return;
      }
      var result =
          Flyway.configure()
              .dataSource(dataSource)
              .locations("classpath:db/migration")
              .load()
              .migrate();
      LOG.info(
          "Database schema migrated: {} migrations applied, now at version {}",
          result.migrationsExecuted,
          result.targetSchemaVersion);
      migrated = true;
    }
  }
}
