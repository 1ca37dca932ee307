package io.stepwise.api.persistence;

import io.vertx.core.Future;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.Transaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The PostgreSQL access of the server: explicit SQL on the reactive client, awaited on the caller's
 * virtual thread so actions read as plain sequential code while no platform thread blocks.
 *
 * <p>Inside a transaction, statements whose results the caller does not need at once are
 * {@linkplain Sql#send sent} without waiting: the connection pipelines them, and the transaction
 * waits once, for all of them and its COMMIT together. Every wait is a hand-over between the
 * connection's event loop and the virtual thread, which costs more CPU than the statement itself; a
 * step that waited for each of its ten statements now waits three times.
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

  /**
   * Runs work in one transaction: committed when it returns, rolled back when it throws or when any
   * statement it sent failed. BEGIN goes out with the first statement, not on its own.
   */
  public <T> T inTransaction(Function<Sql, T> work) {
    SqlConnection connection = pool.getConnectionAndAwait();
    io.vertx.sqlclient.SqlConnection raw = connection.getDelegate();
    try {
      Future<Transaction> begun = raw.begin();
      Sql sql = new Sql(raw, begun);
      T result;
      try {
        result = work.apply(sql);
        sql.commit();
      } catch (RuntimeException | Error e) {
        rollback(begun, e);
        throw e;
      }
      return result;
    } finally {
      // Back to the pool without waiting: the connection queues it after the transaction's end.
      raw.close();
    }
  }

  private static void rollback(Future<Transaction> begun, Throwable failure) {
    try {
      await(begun.compose(Transaction::rollback));
    } catch (RuntimeException suppressed) {
      failure.addSuppressed(suppressed);
    }
  }

  /** The rows of a statement {@linkplain Sql#submit submitted} earlier. */
  @FunctionalInterface
  public interface Pending {
    /** Waits for the statement (and those sent before it) and returns its rows. */
    RowSet<Row> rows();
  }

  /** A statement sent without waiting, and what to do with its rows once they are in. */
  private record Sent(
      Future<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> rows, Consumer<RowSet<Row>> then) {}

  /** The statements of one transaction. */
  public static final class Sql {
    private final io.vertx.sqlclient.SqlConnection raw;
    private final Future<Transaction> begun;
    private final List<Sent> sent = new ArrayList<>();

    Sql(io.vertx.sqlclient.SqlConnection raw, Future<Transaction> begun) {
      this.raw = raw;
      this.begun = begun;
    }

    /**
     * Runs a statement and waits for its rows (and for everything sent before it, which the
     * connection runs first).
     */
    public RowSet<Row> query(String sql, Object... params) {
      var rows = raw.preparedQuery(sql).execute(tuple(params).getDelegate());
      try {
        return rowSet(await(rows));
      } catch (RuntimeException e) {
        // A statement sent earlier failed first: its error says what went wrong, not this one's
        // "current transaction is aborted".
        throw firstFailureOr(e);
      }
    }

    /**
     * Sends a statement now and waits for its rows only when {@link Pending#rows()} is called, so
     * several statements whose results are needed travel together.
     */
    public Pending submit(String sql, Object... params) {
      var rows = raw.preparedQuery(sql).execute(tuple(params).getDelegate());
      sent.add(new Sent(rows, null));
      return () -> {
        try {
          return rowSet(await(rows));
        } catch (RuntimeException e) {
          throw firstFailureOr(e);
        }
      };
    }

    /**
     * Sends a statement whose result is not needed before the commit; the transaction fails when it
     * fails.
     */
    public void send(String sql, Object... params) {
      send(null, sql, params);
    }

    /**
     * Sends a statement and hands its rows to {@code then} on the caller's thread, before the
     * transaction's work is committed.
     */
    public void send(Consumer<RowSet<Row>> then, String sql, Object... params) {
      sent.add(new Sent(raw.preparedQuery(sql).execute(tuple(params).getDelegate()), then));
    }

    /**
     * Waits for everything sent, then commits, in one hand-over: the event loop commits when all
     * statements succeeded and rolls back otherwise.
     */
    private void commit() {
      List<Future<?>> results = new ArrayList<>(sent.size() + 1);
      results.add(begun);
      for (Sent s : sent) results.add(s.rows());
      await(
          Future.join(results)
              .transform(
                  all ->
                      all.succeeded()
                          ? begun.compose(Transaction::commit)
                          : Future.failedFuture(firstFailureOr(all.cause()))));
      for (Sent s : sent) {
        if (s.then() != null) s.then().accept(rowSet(s.rows().result()));
      }
    }

    private RuntimeException firstFailureOr(Throwable fallback) {
      if (begun.failed()) return unchecked(begun.cause());
      for (Sent s : sent) {
        if (s.rows().failed()) return unchecked(s.rows().cause());
      }
      return unchecked(fallback);
    }
  }

  /** The core client's rows in the Mutiny types the callers use. */
  private static RowSet<Row> rowSet(io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> rows) {
    return RowSet.newInstance(rows, Row.__TYPE_ARG);
  }

  /** Waits on the caller's (virtual) thread for a future of the event loop. */
  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
    } catch (ExecutionException e) {
      throw unchecked(e.getCause());
    }
  }

  private static RuntimeException unchecked(Throwable t) {
    if (t instanceof CompletionException c && c.getCause() != null) t = c.getCause();
    if (t instanceof RuntimeException r) return r;
    if (t instanceof Error e) throw e;
    return new IllegalStateException(t);
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
