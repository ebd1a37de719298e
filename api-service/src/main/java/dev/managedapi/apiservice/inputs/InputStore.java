package dev.managedapi.apiservice.inputs;

import dev.managedapi.apiservice.database.Database;
import dev.managedapi.apiservice.memory.MemoryBudget;
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
  private static final String UNIQUE_VIOLATION = "23505";

  private final Database database;
  private final Clock clock;
  private final MemoryBudget memory;
  private final int pageMaxBytes;

  InputStore(Database database, Clock clock, MemoryBudget memory, InputsSettings settings) {
    this.database = database;
    this.clock = clock;
    this.memory = memory;
    this.pageMaxBytes = settings.getPageMaxBytes();
  }

  /**
   * Stores an input; with an idempotency key, the key and the request's hash go into the same row
   * in the same statement, so the key exists exactly when the input was committed.
   *
   * @return the new input, or, when the key was already used for the same request, the input that
   *     request created
   * @throws IdempotencyKeyReusedException when the key was used for a different request
   */
  public Created create(NewInput request, @Nullable IdempotencyKey key) {
    UUID id = UUID.randomUUID();
    // Microseconds: what PostgreSQL keeps, so the 201 body equals what a later GET returns.
    Instant createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String payload = request.payload();
    return database.write(
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO inputs (id, source, payload, created_at, idempotency_key,"
                      + " request_hash) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, id);
            insert.setString(2, request.source());
            insert.setString(3, payload);
            insert.setTimestamp(4, Timestamp.from(createdAt));
            insert.setString(5, key == null ? null : key.key());
            insert.setString(6, key == null ? null : key.requestHash());
            insert.executeUpdate();
            return new Created(new Input(id, request.source(), payload, createdAt), false);
          } catch (SQLException e) {
            if (key == null || !UNIQUE_VIOLATION.equals(e.getSQLState())) {
              throw e;
            }
            return replay(connection, key);
          }
        });
  }

  /** The input an earlier request with this key created, if it was the same request. */
  private Created replay(Connection connection, IdempotencyKey key) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + COLUMNS + ", request_hash FROM inputs WHERE idempotency_key = ?")) {
      select.setString(1, key.key());
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          // The unique violation was on another index, or the row has just been deleted.
          throw new SQLException("Idempotency key conflict without a row", UNIQUE_VIOLATION);
        }
        if (!key.requestHash().equals(rows.getString("request_hash"))) {
          throw new IdempotencyKeyReusedException();
        }
        return new Created(read(rows).input(), true);
      }
    }
  }

  /** A created input, and whether it was created by an earlier request with the same key. */
  public record Created(Input input, boolean replayed) {}

  /** One input, with the memory its payload holds reserved (see {@link MemoryBudget}). */
  Optional<InputPage> find(UUID id) {
    return database.call(
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement("SELECT " + COLUMNS + " FROM inputs WHERE id = ?")) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
              if (!rows.next()) {
                return Optional.empty();
              }
              List<StoredInput> found = List.of(read(rows));
              // Reserved while the connection is held: at most the pool's size of rows exist
              // unaccounted for.
              return Optional.of(new InputPage(found, false, memory.reserve(heapBytes(found))));
            }
          }
        });
  }

  /**
   * Up to {@code limit} inputs after {@code afterPosition}, oldest first, stopping early once the
   * payloads reach the page's byte bound; the memory they hold is reserved.
   *
   * @throws dev.managedapi.apiservice.memory.ServerBusyException when the memory budget is taken
   */
  InputPage list(@Nullable String source, long afterPosition, int limit) {
    return database.call(
        connection -> {
          PageRows rows = page(connection, source, afterPosition, limit);
          return new InputPage(rows.items(), rows.more(), memory.reserve(heapBytes(rows.items())));
        });
  }

  public boolean delete(UUID id) {
    return database.write(
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
      InputPage page = list(source, position, pageSize);
      try (MemoryBudget.Reservation held = page.reservation()) {
        for (StoredInput stored : page.items()) {
          sink.accept(stored.input());
        }
      }
      count += page.items().size();
      if (!page.more()) {
        return count;
      }
      position = page.items().getLast().position();
    }
  }

  /**
   * The page in one statement: the database itself stops adding rows once their payloads reach the
   * byte bound (its running sum of OCTET_LENGTH, which reads no payload), so a page of large inputs
   * never travels whole. One row beyond the limit is looked at to tell whether more follow.
   */
  private PageRows page(
      Connection connection, @Nullable String source, long afterPosition, int limit)
      throws SQLException {
    // Two statements rather than "? IS NULL OR source = ?": PostgreSQL cannot type an untyped null.
    String candidates =
        "SELECT "
            + COLUMNS
            + " FROM inputs WHERE "
            + (source == null ? "" : "source = ? AND ")
            + "seq > ? ORDER BY seq LIMIT ?";
    String sql =
        "SELECT "
            + COLUMNS
            + ", candidates FROM (SELECT "
            + COLUMNS
            + ", COUNT(*) OVER () AS candidates, ROW_NUMBER() OVER (ORDER BY seq) AS n,"
            + " SUM(OCTET_LENGTH(payload)) OVER (ORDER BY seq) AS upto FROM ("
            + candidates
            + ") page) sized WHERE n = 1 OR upto <= ? ORDER BY seq";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      int index = 1;
      if (source != null) {
        select.setString(index++, source);
      }
      select.setLong(index++, afterPosition);
      select.setInt(index++, limit + 1);
      select.setLong(index, pageMaxBytes);
      try (ResultSet rows = select.executeQuery()) {
        List<StoredInput> page = new ArrayList<>(Math.min(limit, 64));
        long found = 0;
        while (rows.next() && page.size() < limit) {
          found = rows.getLong("candidates");
          page.add(read(rows));
        }
        return new PageRows(page, found > page.size());
      }
    }
  }

  /** What a list of inputs will hold on the heap: the payload as a String and as output bytes. */
  private static long heapBytes(List<StoredInput> items) {
    long bytes = 0;
    for (StoredInput item : items) {
      bytes += 3L * item.input().payload().length() + 256;
    }
    return bytes;
  }

  private record PageRows(List<StoredInput> items, boolean more) {}

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
