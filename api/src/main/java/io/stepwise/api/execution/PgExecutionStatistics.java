package io.stepwise.api.execution;

import io.stepwise.api.persistence.Database;
import io.stepwise.api.service.Validation;
import io.stepwise.engine.service.ExecutionStatistics;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The dashboard's SQL: executions started in a window counted per bucket by their status now, the
 * durations' percentiles per bucket, the top errors, the running ones and the state entries per
 * minute. A window in whole hours (the day's and the week's) reads its counts, durations and errors
 * from the rollups ({@link PgExecutionRollups}); a finer one (the hour's) from the executions
 * ({@code percentile_disc}: a duration one of them took, as the histogram's nearest rank). Each
 * query reads through an index on the time (executions_by_start, executions_running,
 * history_events_by_time, the rollups' keys); measured on a million executions in api/README.md.
 */
@ApplicationScoped
public class PgExecutionStatistics {
  /** The dashboard's queries together may take this long; then a line asks to narrow it. */
  static final String TIMEOUT = "10s";

  private final Database db;

  public PgExecutionStatistics(Database db) {
    this.db = db;
  }

  /** What the statistics are narrowed to: one machine, or the machines of these owners. */
  record Scope(String stateMachineArn, Set<String> owners) {
    ExecutionConditions conditions(String prefix) {
      ExecutionConditions where = new ExecutionConditions();
      where.equal(prefix + "state_machine_arn", stateMachineArn);
      if (owners != null) {
        where.add(
            "split_part(" + prefix + "state_machine_arn, '/', 1) = ANY($?)",
            (Object) owners.toArray(String[]::new));
      }
      return where;
    }
  }

  /** The numbers, with the oldest running execution's ARN (or null) instead of its summary. */
  record Numbers(ExecutionStatistics statistics, String oldestRunningArn) {}

  /** The window from {@code since} to {@code until}; running and transitions as of now. */
  Numbers read(Scope scope, Instant since, Instant until, Duration bucket) {
    return read(scope, since, until, bucket, PgExecutionRollups.cover(since, bucket));
  }

  /** As {@link #read}, from the rollups or from the executions themselves. */
  Numbers read(Scope scope, Instant since, Instant until, Duration bucket, boolean fromRollups) {
    try {
      return db.inTransaction(
          tx -> {
            tx.send("SET LOCAL statement_timeout = '" + TIMEOUT + "'");
            return new Numbers(
                new ExecutionStatistics(
                    since,
                    bucket,
                    fromRollups
                        ? PgExecutionRollups.buckets(tx, scope, since, until, bucket)
                        : buckets(tx, scope, since, until, bucket),
                    fromRollups
                        ? PgExecutionRollups.topErrors(tx, scope, since, until)
                        : topErrors(tx, scope, since, until),
                    running(tx, scope),
                    null,
                    transitions(tx, scope, Instant.now())),
                oldestRunning(tx, scope));
          });
    } catch (PgException e) {
      if (!"57014".equals(e.getSqlState())) throw e;
      throw Validation.failed(
          "The dashboard's numbers took longer than " + TIMEOUT + ": choose a shorter window");
    }
  }

  private static List<ExecutionStatistics.Bucket> buckets(
      Database.Sql tx, Scope scope, Instant since, Instant now, Duration bucket) {
    ExecutionConditions where = scope.conditions("");
    where.add("start_time >= $?", since);
    where.add("start_time < $?", now);
    where.add("event_count > 0");
    String duration = "extract(epoch FROM stop_time - start_time) * 1000";
    String percentile =
        "percentile_disc(%s) WITHIN GROUP (ORDER BY "
            + duration
            + ") FILTER (WHERE stop_time IS NOT NULL)";
    Map<Instant, ExecutionStatistics.Bucket> found = new HashMap<>();
    Object[] params = where.params();
    Object[] all = new Object[params.length + 2];
    System.arraycopy(params, 0, all, 0, params.length);
    all[params.length] = (double) bucket.toSeconds();
    all[params.length + 1] = since;
    int n = params.length;
    for (Row row :
        tx.query(
            "SELECT date_bin(make_interval(secs => $"
                + (n + 1)
                + "), start_time, $"
                + (n + 2)
                + ") AS b, count(*) AS started,"
                + " count(*) FILTER (WHERE status = 'SUCCEEDED') AS succeeded,"
                + " count(*) FILTER (WHERE status = 'FAILED') AS failed,"
                + " count(*) FILTER (WHERE status = 'TIMED_OUT') AS timed_out,"
                + " count(*) FILTER (WHERE status = 'ABORTED') AS aborted, "
                + percentile.formatted("0.5")
                + " AS p50, "
                + percentile.formatted("0.95")
                + " AS p95, "
                + percentile.formatted("0.99")
                + " AS p99"
                + " FROM executions WHERE "
                + where.sql()
                + " GROUP BY b",
            all)) {
      Instant b = Database.instant(row, "b");
      found.put(
          b,
          new ExecutionStatistics.Bucket(
              b,
              row.getLong("started"),
              row.getLong("succeeded"),
              row.getLong("failed"),
              row.getLong("timed_out"),
              row.getLong("aborted"),
              millis(row, "p50"),
              millis(row, "p95"),
              millis(row, "p99")));
    }
    List<ExecutionStatistics.Bucket> out = new ArrayList<>();
    for (Instant b = since; b.isBefore(now); b = b.plus(bucket)) {
      out.add(
          found.getOrDefault(
              b, new ExecutionStatistics.Bucket(b, 0, 0, 0, 0, 0, null, null, null)));
    }
    return out;
  }

  private static Long millis(Row row, String column) {
    Double value = row.getDouble(column);
    return value == null ? null : Math.round(value);
  }

  private static List<ExecutionStatistics.ErrorCount> topErrors(
      Database.Sql tx, Scope scope, Instant since, Instant now) {
    ExecutionConditions where = scope.conditions("");
    where.add("start_time >= $?", since);
    where.add("start_time < $?", now);
    where.add("error IS NOT NULL");
    List<ExecutionStatistics.ErrorCount> out = new ArrayList<>();
    for (Row row :
        tx.query(
            "SELECT error, count(*) AS n FROM executions WHERE "
                + where.sql()
                + " GROUP BY error ORDER BY n DESC, error LIMIT "
                + ExecutionStatistics.TOP_ERRORS,
            where.params())) {
      out.add(new ExecutionStatistics.ErrorCount(row.getString("error"), row.getLong("n")));
    }
    return out;
  }

  private static long running(Database.Sql tx, Scope scope) {
    ExecutionConditions where = scope.conditions("");
    where.add("status = 'RUNNING'");
    for (Row row :
        tx.query("SELECT count(*) AS n FROM executions WHERE " + where.sql(), where.params())) {
      return row.getLong("n");
    }
    return 0;
  }

  private static String oldestRunning(Database.Sql tx, Scope scope) {
    ExecutionConditions where = scope.conditions("");
    where.add("status = 'RUNNING'");
    where.add("event_count > 0");
    for (Row row :
        tx.query(
            "SELECT arn FROM executions WHERE " + where.sql() + " ORDER BY start_time LIMIT 1",
            where.params())) {
      return row.getString("arn");
    }
    return null;
  }

  private static List<Long> transitions(Database.Sql tx, Scope scope, Instant now) {
    Instant last = now.truncatedTo(ChronoUnit.MINUTES);
    Instant first = last.minus(ExecutionStatistics.TRANSITION_MINUTES - 1, ChronoUnit.MINUTES);
    ExecutionConditions where = scope.conditions("e.");
    where.add("h.timestamp >= $?", first);
    where.add("h.type LIKE '%StateEntered'");
    boolean narrowed = scope.stateMachineArn() != null || scope.owners() != null;
    long[] perMinute = new long[ExecutionStatistics.TRANSITION_MINUTES];
    for (Row row :
        tx.query(
            "SELECT date_trunc('minute', h.timestamp) AS m, count(*) AS n FROM history_events h"
                + (narrowed ? " JOIN executions e ON e.id = h.execution_id" : "")
                + " WHERE "
                + where.sql()
                + " GROUP BY m",
            where.params())) {
      long minute = Duration.between(first, Database.instant(row, "m")).toMinutes();
      if (minute >= 0 && minute < perMinute.length) perMinute[(int) minute] = row.getLong("n");
    }
    List<Long> out = new ArrayList<>();
    for (long n : perMinute) out.add(n);
    return out;
  }

  /** A machine's counts since a moment, and its newest execution's ARN (null for none). */
  public record Activity(
      String stateMachineArn,
      String latestArn,
      long started,
      long succeeded,
      long ended,
      long running) {}

  /**
   * Per machine of the scope with executions: counts since {@code since} and running now (one
   * grouped scan of the recent and running executions), and the newest execution of each (one index
   * probe per machine through executions_by_machine).
   */
  List<Activity> activity(Scope scope, Instant since) {
    ExecutionConditions where = scope.conditions("");
    where.add("(start_time >= $? OR status = 'RUNNING')", since);
    Map<String, long[]> counts = new HashMap<>();
    Object[] params = where.params();
    Object[] all = java.util.Arrays.copyOf(params, params.length + 1);
    all[params.length] = since;
    String from = "$" + all.length;
    for (Row row :
        db.query(
            "SELECT state_machine_arn,"
                + " count(*) FILTER (WHERE start_time >= "
                + from
                + ") AS started,"
                + " count(*) FILTER (WHERE start_time >= "
                + from
                + " AND status = 'SUCCEEDED') AS succeeded,"
                + " count(*) FILTER (WHERE start_time >= "
                + from
                + " AND stop_time IS NOT NULL) AS ended,"
                + " count(*) FILTER (WHERE status = 'RUNNING') AS running"
                + " FROM executions WHERE "
                + where.sql()
                + " AND event_count > 0"
                + " GROUP BY state_machine_arn",
            all)) {
      counts.put(
          row.getString("state_machine_arn"),
          new long[] {
            row.getLong("started"),
            row.getLong("succeeded"),
            row.getLong("ended"),
            row.getLong("running")
          });
    }
    ExecutionConditions machines = scope.conditions("m.");
    List<Activity> out = new ArrayList<>();
    for (Row row :
        db.query(
            "SELECT m.arn AS machine, e.arn AS latest FROM state_machines m CROSS JOIN LATERAL"
                + " (SELECT arn FROM executions WHERE state_machine_arn = m.arn AND event_count > 0"
                + " ORDER BY start_time DESC, arn DESC LIMIT 1) e WHERE "
                + machines.sql().replace("m.state_machine_arn", "m.arn"),
            machines.params())) {
      long[] c = counts.getOrDefault(row.getString("machine"), new long[4]);
      out.add(
          new Activity(row.getString("machine"), row.getString("latest"), c[0], c[1], c[2], c[3]));
    }
    return out;
  }
}
