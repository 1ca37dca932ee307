package io.stepwise.api.execution;

import io.stepwise.api.persistence.Database;
import io.stepwise.engine.service.ExecutionStatistics;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's rollups (V151): executions per machine, per hour of their start, per status now
 * and error, and a histogram of the ended ones' durations. Triggers on {@code executions} append a
 * delta for every counted change in the changing transaction; {@link #fold()} moves the deltas into
 * the rollups; readers sum both in one statement, so counts are exact and percentiles are read from
 * the histogram (eight bins per doubling: within about 5 %).
 */
@ApplicationScoped
public class PgExecutionRollups {
  /** Rollups are kept per hour: a window whose buckets are whole hours is read from them. */
  static final Duration GRAIN = Duration.ofHours(1);

  /** pg_try_advisory_xact_lock's key: one node folds at a time ("rollups" in ASCII). */
  private static final long FOLD_LOCK = 0x726f6c6c757073L;

  private static final String COUNTS =
      "(SELECT hour, state_machine_arn, status, error, n FROM execution_rollups UNION ALL SELECT"
          + " hour, state_machine_arn, status, error, n FROM execution_rollup_deltas)";

  private static final String DURATIONS =
      "(SELECT hour, state_machine_arn, bin, n FROM execution_duration_rollups UNION ALL SELECT"
          + " hour, state_machine_arn, bin, n FROM execution_rollup_deltas WHERE bin IS NOT NULL)";

  private final Database db;

  public PgExecutionRollups(Database db) {
    this.db = db;
  }

  /** Whether a window can be read from the rollups: it starts on an hour, in buckets of hours. */
  static boolean cover(Instant since, Duration bucket) {
    return since.getEpochSecond() % GRAIN.toSeconds() == 0
        && since.getNano() == 0
        && bucket.toSeconds() % GRAIN.toSeconds() == 0
        && bucket.toNanosPart() == 0;
  }

  /**
   * Moves the deltas written so far into the rollups, in one transaction (a reader sees them on one
   * side or the other, never both). Deltas committed meanwhile wait for the next fold. Returns how
   * many deltas were folded, or -1 when another node was folding.
   */
  public long fold() {
    return db.inTransaction(
        tx -> {
          for (Row row : tx.query("SELECT pg_try_advisory_xact_lock($1) AS mine", FOLD_LOCK)) {
            if (!row.getBoolean("mine")) return -1L;
          }
          for (Row row :
              tx.query(
                  "WITH taken AS (DELETE FROM execution_rollup_deltas RETURNING *),"
                      + " counts AS (INSERT INTO execution_rollups SELECT hour, state_machine_arn,"
                      + " status, error, sum(n) FROM taken GROUP BY 1, 2, 3, 4 ON CONFLICT (hour,"
                      + " state_machine_arn, status, error) DO UPDATE SET n = execution_rollups.n"
                      + " + EXCLUDED.n),"
                      + " durations AS (INSERT INTO execution_duration_rollups SELECT hour,"
                      + " state_machine_arn, bin, sum(n) FROM taken WHERE bin IS NOT NULL GROUP BY"
                      + " 1, 2, 3 ON CONFLICT (hour, state_machine_arn, bin) DO UPDATE SET n ="
                      + " execution_duration_rollups.n + EXCLUDED.n)"
                      + " SELECT count(*) AS folded FROM taken")) {
            return row.getLong("folded");
          }
          return 0L;
        });
  }

  /**
   * Forgets rollup rows that count nothing any more (their executions were redriven or deleted) and
   * are older than the dashboard's longest window.
   */
  public void forgetEmpty(Instant before) {
    db.query("DELETE FROM execution_rollups WHERE hour < $1 AND n = 0", before);
    db.query("DELETE FROM execution_duration_rollups WHERE hour < $1 AND n = 0", before);
  }

  /** The window's buckets from the rollups: counts by status now, duration percentiles. */
  static List<ExecutionStatistics.Bucket> buckets(
      Database.Sql tx,
      PgExecutionStatistics.Scope scope,
      Instant since,
      Instant until,
      Duration bucket) {
    Map<Instant, long[]> counts = new HashMap<>();
    Query counted = new Query(scope, since, until);
    String bin = counted.bucketOf(bucket, since);
    for (Row row :
        tx.query(
            "SELECT "
                + bin
                + " AS b, status, sum(n) AS n FROM "
                + COUNTS
                + " r WHERE "
                + counted.where()
                + " GROUP BY b, status",
            counted.params())) {
      long[] c = counts.computeIfAbsent(Database.instant(row, "b"), b -> new long[5]);
      long n = row.getLong("n");
      c[0] += n;
      switch (row.getString("status")) {
        case "SUCCEEDED" -> c[1] += n;
        case "FAILED" -> c[2] += n;
        case "TIMED_OUT" -> c[3] += n;
        case "ABORTED" -> c[4] += n;
        default -> {}
      }
    }
    Map<Instant, TreeMap<Integer, Long>> histograms = new HashMap<>();
    Query timed = new Query(scope, since, until);
    String timedBin = timed.bucketOf(bucket, since);
    for (Row row :
        tx.query(
            "SELECT "
                + timedBin
                + " AS b, bin, sum(n) AS n FROM "
                + DURATIONS
                + " r WHERE "
                + timed.where()
                + " GROUP BY b, bin HAVING sum(n) > 0",
            timed.params())) {
      histograms
          .computeIfAbsent(Database.instant(row, "b"), b -> new TreeMap<>())
          .put(row.getInteger("bin"), row.getLong("n"));
    }
    List<ExecutionStatistics.Bucket> out = new ArrayList<>();
    for (Instant b = since; b.isBefore(until); b = b.plus(bucket)) {
      long[] c = counts.getOrDefault(b, new long[5]);
      DurationHistogram h = new DurationHistogram(histograms.getOrDefault(b, new TreeMap<>()));
      out.add(
          new ExecutionStatistics.Bucket(
              b,
              c[0],
              c[1],
              c[2],
              c[3],
              c[4],
              h.percentile(0.5),
              h.percentile(0.95),
              h.percentile(0.99)));
    }
    return out;
  }

  /** The most frequent errors of the executions started in the window. */
  static List<ExecutionStatistics.ErrorCount> topErrors(
      Database.Sql tx, PgExecutionStatistics.Scope scope, Instant since, Instant until) {
    Query q = new Query(scope, since, until);
    List<ExecutionStatistics.ErrorCount> out = new ArrayList<>();
    for (Row row :
        tx.query(
            "SELECT error, sum(n) AS n FROM "
                + COUNTS
                + " r WHERE "
                + q.where()
                + " AND error <> '' GROUP BY error HAVING sum(n) > 0 ORDER BY n DESC, error LIMIT "
                + ExecutionStatistics.TOP_ERRORS,
            q.params())) {
      out.add(new ExecutionStatistics.ErrorCount(row.getString("error"), row.getLong("n")));
    }
    return out;
  }

  /** A rollup query's conditions: the scope and the window's hours, then any extra parameters. */
  private static final class Query {
    private final ExecutionConditions where;
    private final List<Object> extra = new ArrayList<>();

    Query(PgExecutionStatistics.Scope scope, Instant since, Instant until) {
      where = scope.conditions("r.");
      where.add("r.hour >= $?", since);
      where.add("r.hour < $?", until);
    }

    /** {@code date_bin} of the row's hour into the window's buckets. */
    String bucketOf(Duration bucket, Instant since) {
      int first = where.params().length + extra.size() + 1;
      extra.add((double) bucket.toSeconds());
      extra.add(since);
      return "date_bin(make_interval(secs => $" + first + "), r.hour, $" + (first + 1) + ")";
    }

    String where() {
      return where.sql();
    }

    Object[] params() {
      Object[] own = where.params();
      Object[] all = Arrays.copyOf(own, own.length + extra.size());
      for (int i = 0; i < extra.size(); i++) all[own.length + i] = extra.get(i);
      return all;
    }
  }
}
