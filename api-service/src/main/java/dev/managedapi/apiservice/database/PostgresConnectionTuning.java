package dev.managedapi.apiservice.database;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Bounds every PostgreSQL statement and socket read, so a stuck query or a silent network fails
 * within the request deadline instead of pinning a pooled connection forever. Only PostgreSQL gets
 * these: the embedded H2 driver rejects connection properties it does not know.
 */
@Singleton
class PostgresConnectionTuning implements BeanCreatedEventListener<DatasourceConfiguration> {
  private final DatabaseSettings settings;

  PostgresConnectionTuning(DatabaseSettings settings) {
    this.settings = settings;
  }

  @Override
  public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
    DatasourceConfiguration datasource = event.getBean();
    if (DatabaseKind.fromJdbcUrl(datasource.getJdbcUrl()) != DatabaseKind.POSTGRESQL) {
      return datasource;
    }
    long statementMillis = settings.getStatementTimeout().toMillis();
    long connectSeconds = Math.max(1, (datasource.getConnectionTimeout() + 999) / 1000);
    // A read may legitimately last as long as the statement timeout; allow a margin beyond it.
    long socketSeconds = statementMillis / 1000 + 5;
    datasource.addDataSourceProperty("options", "-c statement_timeout=" + statementMillis);
    datasource.addDataSourceProperty("connectTimeout", String.valueOf(connectSeconds));
    datasource.addDataSourceProperty("socketTimeout", String.valueOf(socketSeconds));
    datasource.addDataSourceProperty("tcpKeepAlive", "true");
    datasource.addDataSourceProperty("ApplicationName", "api-service");
    return datasource;
  }
}
