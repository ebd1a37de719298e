package dev.managedapi.apiservice.inputs;

import dev.managedapi.apiservice.database.Database;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Inputs in SQL that PostgreSQL and the embedded H2 both run, so the default store exercises the
 * same code as production. Writes are auto-committed: when {@link #create} returns, the row is
 * durable, and only then does the client get its 201.
 */
@Singleton
public class InputStore {
  private static final String COLUMNS = "seq, id, source, payload, created_at";

  private final Database database;
  private final Clock clock;

  InputStore(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  public Input create(NewInput request) {
    UUID id = UUID.randomUUID();
    // Microseconds: what PostgreSQL keeps, so the 201 body equals what a later GET returns.
    Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String payload = request.payload();
    database.call(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO inputs (id, source, payload, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, request.source());
            insert.setString(3, payload);
            insert.setTimestamp(4, Timestamp.from(createdAt));
            return insert.executeUpdate();
          }
        });
    return new Input(id, request.source(), payload, createdAt);
  }

  public Optional<Input> find(UUID id) {
    return database.call(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement("SELECT " + COLUMNS + " FROM inputs WHERE id = ?")) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? Optional.of(read(rows).input()) : Optional.empty();
            }
          }
        });
  }

  /** Up to {@code limit} inputs after {@code afterPosition}, oldest first. */
  List<StoredInput> list(@Nullable String source, long afterPosition, int limit) {
    return database.call(connection -> page(connection, source, afterPosition, limit));
  }

  public boolean delete(UUID id) {
    return database.call(
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM inputs WHERE id = ?")) {
            delete.setObject(1, id);
            return delete.executeUpdate() > 0;
          }
        });
  }

  /**
   * Hands every input (of one source, or all) to {@code sink}, page by page, each page its own
   * short database call so a large export never holds one connection for long.
   *
   * @return how many inputs were handed over
   */
  public long forEach(@Nullable String source, int pageSize, Consumer<Input> sink) {
    long position = 0;
    long count = 0;
    while (true) {
      List<StoredInput> page = list(source, position, pageSize);
      for (StoredInput stored : page) {
        sink.accept(stored.input());
      }
      count += page.size();
      if (page.size() < pageSize) {
        return count;
      }
      position = page.getLast().position();
    }
  }

  private List<StoredInput> page(
      Connection connection, @Nullable String source, long afterPosition, int limit)
      throws SQLException {
    // Two statements rather than "? IS NULL OR source = ?": PostgreSQL cannot type an untyped null.
    String sql =
        source == null
            ? "SELECT " + COLUMNS + " FROM inputs WHERE seq > ? ORDER BY seq LIMIT ?"
            : "SELECT "
                + COLUMNS
                + " FROM inputs WHERE source = ? AND seq > ? ORDER BY seq LIMIT ?";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      int index = 1;
      if (source != null) {
        select.setString(index++, source);
      }
      select.setLong(index++, afterPosition);
      select.setInt(index, limit);
      try (ResultSet rows = select.executeQuery()) {
        List<StoredInput> page = new ArrayList<>(limit);
        while (rows.next()) {
          page.add(read(rows));
        }
        return page;
      }
    }
  }

  private StoredInput read(ResultSet row) throws SQLException {
    Input input =
        new Input(
            row.getObject("id", UUID.class),
            row.getString("source"),
            row.getString("payload"),
            row.getTimestamp("created_at").toInstant());
    return new StoredInput(row.getLong("seq"), input);
  }
}
