package dev.managedapi.apiservice.database;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates the schema while the service starts, so the first request does not pay for it. A
 * database that is down here does not stop startup: the service comes up degraded and migrates on
 * the first call that reaches the database.
 */
@Singleton
class StartupMigration implements ApplicationEventListener<StartupEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(StartupMigration.class);

  private final Database database;

  StartupMigration(Database database) {
    this.database = database;
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    try {
      database.call(connection -> connection.isValid(1));
    } catch (DatabaseUnavailableException e) {
      LOG.warn(
          "Database unavailable at startup; serving degraded until it returns: {}", e.getMessage());
    }
  }
}
