package dev.managedapi.apiservice.database;

/** Which database the service talks to; /health reports it so nobody mistakes one for the other. */
public enum DatabaseKind {
  POSTGRESQL("postgresql", true),
  EMBEDDED_H2("embedded-h2-in-memory", false);

  private final String label;
  private final boolean durable;

  DatabaseKind(String label, boolean durable) {
    this.label = label;
    this.durable = durable;
  }

  /** The name shown in /health. */
  public String label() {
    return label;
  }

  /** Whether data outlives the process. */
  public boolean durable() {
    return durable;
  }

  static DatabaseKind fromJdbcUrl(String url) {
    if (url != null && url.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (url != null && url.startsWith("jdbc:h2:mem:")) {
      return EMBEDDED_H2;
    }
    throw new IllegalStateException("Unsupported datasource URL: " + url);
  }
}
