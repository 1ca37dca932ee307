package io.stepwise.api.persistence;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The PostgreSQL access of the server: explicit SQL on the reactive client, awaited on the caller's
 * virtual thread so actions read as plain sequential code while no platform thread blocks.
 */
@ApplicationScoped
public class Database {
  private final Pool pool;

  public Database(Pool pool) {
    this.pool = pool;
  }

  /** Runs one statement outside any transaction. */
  public RowSet<Row> query(String sql, Object... params) {
    return pool.preparedQuery(sql).executeAndAwait(tuple(params));
  }

  /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
  public <T> T inTransaction(Function<Sql, T> work) {
    SqlConnection connection = pool.getConnectionAndAwait();
    try {
      Transaction tx = connection.beginAndAwait();
      T result;
      try {
        result = work.apply(new Sql(connection));
      } catch (RuntimeException | Error e) {
        try {
          tx.rollbackAndAwait();
        } catch (RuntimeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      tx.commitAndAwait();
      return result;
    } finally {
      connection.closeAndAwait();
    }
  }

  /** The statements of one transaction. */
  public record Sql(SqlConnection connection) {
    public RowSet<Row> query(String sql, Object... params) {
      return connection.preparedQuery(sql).executeAndAwait(tuple(params));
    }

    public void batch(String sql, List<Tuple> rows) {
      if (!rows.isEmpty()) connection.preparedQuery(sql).executeBatchAndAwait(rows);
    }
  }

  /** A parameter tuple; instants become timestamptz values. */
  public static Tuple tuple(Object... params) {
    return Tuple.tuple(Arrays.stream(params).map(Database::parameter).toList());
  }

  private static Object parameter(Object p) {
    return p instanceof Instant i ? OffsetDateTime.ofInstant(i, ZoneOffset.UTC) : p;
  }

  /** A timestamptz column as an instant (null stays null). */
  public static Instant instant(Row row, String column) {
    OffsetDateTime t = row.getOffsetDateTime(column);
    return t == null ? null : t.toInstant();
  }
}
