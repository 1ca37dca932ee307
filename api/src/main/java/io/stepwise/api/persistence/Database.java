package io.stepwise.api.persistence;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The PostgreSQL access of the server: explicit SQL on the reactive client, awaited on the caller's
 * virtual thread so actions read as plain sequential code while no platform thread blocks.
 *
 * <p>Every wait is a hand-over between an event loop and the virtual thread, which costs more CPU
 * than a small statement. So a transaction gathers its statements and sends them in batches,
 * pipelined on the connection, waiting only where the caller needs rows: BEGIN travels with the
 * first batch (the connection is taken from the pool in the same hand-over), COMMIT with the last
 * (Vert.x's own transactions wait for every statement before they send COMMIT). A step that locks,
 * computes and writes waits twice.
 */
@ApplicationScoped
public class Database {
  private final Pool pool;
  private final ConnectionWaits connectionWaits = new ConnectionWaits();

  public Database(Pool pool) {
    this.pool = pool;
  }

  /**
   * The longest a transaction waited for a pooled connection in the last second or two: how
   * saturated the pool is (the node's backpressure reads it).
   */
  public java.time.Duration recentConnectionWait() {
    return connectionWaits.recent();
  }

  /** Runs one statement outside any transaction. */
  public RowSet<Row> query(String sql, Object... params) {
    return pool.preparedQuery(sql).executeAndAwait(tuple(params));
  }

  /**
   * Sends one statement outside any transaction without waiting: its rows (or its failure) complete
   * the stage on an event loop.
   */
  public CompletionStage<RowSet<Row>> queryAsync(String sql, Object... params) {
    return pool.preparedQuery(sql).execute(tuple(params)).subscribeAsCompletionStage();
  }

  /**
   * Runs work in one transaction: committed when it returns, rolled back when it throws or when any
   * statement it sent failed.
   */
  public <T> T inTransaction(Function<Sql, T> work) {
    long asked = System.nanoTime();
    Future<SqlConnection> connection = pool.getDelegate().getConnection();
    connection.onSuccess(c -> connectionWaits.record(System.nanoTime() - asked));
    Sql sql = new Sql(connection);
    try {
      T result = work.apply(sql);
      sql.commit();
      return result;
    } catch (RuntimeException | Error e) {
      sql.rollback();
      throw e;
    }
  }

  /** The rows of a statement {@linkplain Sql#submit submitted} earlier. */
  @FunctionalInterface
  public interface Pending {
    /** Waits for the statement (and those sent before it) and returns its rows. */
    RowSet<Row> rows();
  }

  /** A statement of a transaction, and what to do with its rows once they are in. */
  private record Statement(
      String sql,
      io.vertx.sqlclient.Tuple params,
      Promise<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> rows,
      Consumer<RowSet<Row>> then) {}

  /** The statements of one transaction. */
  public static final class Sql {
    private final Future<SqlConnection> connection;
    private final List<Statement> statements = new ArrayList<>();

    /** How many of the statements have gone to the connection. */
    private int dispatched;

    private boolean begun;

    Sql(Future<SqlConnection> connection) {
      this.connection = connection;
    }

    /**
     * Runs a statement and waits for its rows (and for everything sent before it, which the
     * connection runs first).
     */
    public RowSet<Row> query(String sql, Object... params) {
      return submit(sql, params).rows();
    }

    /**
     * Queues a statement and waits for its rows only when {@link Pending#rows()} is called, so
     * several statements whose results are needed travel together.
     */
    public Pending submit(String sql, Object... params) {
      Statement statement = add(sql, params, null);
      int index = statements.size() - 1;
      return () -> {
        if (index >= dispatched) dispatch(null);
        try {
          return rowSet(await(statement.rows().future()));
        } catch (RuntimeException e) {
          // A statement sent earlier failed first: its error says what went wrong, not this one's
          // "current transaction is aborted".
          throw firstFailureOr(e);
        }
      };
    }

    /**
     * Queues a statement whose result is not needed before the commit; the transaction fails when
     * it fails.
     */
    public void send(String sql, Object... params) {
      add(sql, params, null);
    }

    /**
     * Queues a statement and hands its rows to {@code then} on the caller's thread, before the
     * transaction's work is committed.
     */
    public void send(Consumer<RowSet<Row>> then, String sql, Object... params) {
      add(sql, params, then);
    }

    private Statement add(String sql, Object[] params, Consumer<RowSet<Row>> then) {
      Statement statement =
          new Statement(sql, tuple(params).getDelegate(), Promise.promise(), then);
      statements.add(statement);
      return statement;
    }

    /**
     * Sends the statements queued since the last batch, after BEGIN when it is the first and before
     * {@code closing} (COMMIT) when given, without waiting; returns the closing statement's result.
     */
    private Future<?> dispatch(String closing) {
      List<Statement> batch = List.copyOf(statements.subList(dispatched, statements.size()));
      dispatched = statements.size();
      boolean withBegin = !begun;
      begun = true;
      Promise<Void> closed = Promise.promise();
      connection
          .onFailure(
              e -> {
                for (Statement s : batch) s.rows().tryFail(e);
                closed.tryFail(e);
              })
          .onSuccess(
              c -> {
                // Scheduled one by one, not as a Vert.x "group" (one write): a group given to a
                // connection that has just dropped fails as a whole while its statements' own
                // results never complete, and a caller waiting for them would hang.
                if (withBegin) c.query("BEGIN").execute();
                for (Statement s : batch) {
                  c.preparedQuery(s.sql()).execute(s.params()).onComplete(s.rows());
                }
                if (closing != null) {
                  c.query(closing).execute().onComplete(r -> closed.handle(r.mapEmpty()));
                } else {
                  closed.tryComplete();
                }
              });
      return closed.future();
    }

    /**
     * Sends what is left with COMMIT and waits once for all of it. When a statement failed,
     * PostgreSQL answers the COMMIT by rolling back: its error is thrown.
     */
    private void commit() {
      if (statements.isEmpty()) {
        release();
        return;
      }
      Future<?> committed = dispatch("COMMIT");
      List<Future<?>> results = new ArrayList<>(statements.size() + 1);
      for (Statement s : statements) results.add(s.rows().future());
      results.add(committed);
      try {
        await(Future.join(results));
      } catch (RuntimeException e) {
        throw firstFailureOr(e);
      }
      RuntimeException failure = firstFailureOr(null);
      if (failure != null) throw failure;
      release();
      for (Statement s : statements) {
        if (s.then() != null) s.then().accept(rowSet(s.rows().future().result()));
      }
    }

    /**
     * Ends the transaction without committing (the statements already sent are undone) and gives
     * the connection back once PostgreSQL has done so; a broken connection is dropped by the pool.
     */
    private void rollback() {
      boolean wasBegun = begun;
      connection.onSuccess(
          c -> {
            if (wasBegun) {
              c.query("ROLLBACK").execute().onComplete(done -> c.close());
            } else {
              c.close();
            }
          });
    }

    /** Back to the pool without waiting: the connection queues it after what was sent. */
    private void release() {
      connection.onSuccess(SqlConnection::close);
    }

    private RuntimeException firstFailureOr(Throwable fallback) {
      for (Statement s : statements) {
        if (s.rows().future().failed()) return unchecked(s.rows().future().cause());
      }
      return fallback == null ? null : unchecked(fallback);
    }
  }

  /** The core client's rows in the Mutiny types the callers use. */
  private static RowSet<Row> rowSet(io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> rows) {
    return RowSet.newInstance(rows, Row.__TYPE_ARG);
  }

  /** Waits on the caller's (virtual) thread for a future of the event loop. */
  private static <T> T await(Future<T> future) {
    return await(future.toCompletionStage());
  }

  /**
   * Waits on the caller's (virtual) thread for a stage completed elsewhere; its failure is thrown
   * as it was raised (unwrapped).
   */
  public static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get();
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

  /** The text for a LIKE pattern with {@code ESCAPE '\\'}: its wildcards taken literally. */
  public static String likeLiteral(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
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
