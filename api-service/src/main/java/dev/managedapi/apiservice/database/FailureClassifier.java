package dev.managedapi.apiservice.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells an unreachable or overloaded database (which should trip the breaker and become a 503) from
 * a bug in our SQL (which is a 500 and says nothing about the database's health).
 */
final class FailureClassifier {
  private FailureClassifier() {}

  static boolean isUnavailability(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLTimeoutException) {
        return true;
      }
      if (t instanceof SQLException sql && isUnavailabilityState(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUnavailabilityState(String sqlState) {
    if (sqlState == null) {
      return false;
    }
    // 08: connection exception; 53: insufficient resources; 57P0x: server shutting down or
    // starting; 57014: statement_timeout cancelled the query.
    return sqlState.startsWith("08")
        || sqlState.startsWith("53")
        || sqlState.startsWith("57P0")
        || sqlState.equals("57014");
  }
}
