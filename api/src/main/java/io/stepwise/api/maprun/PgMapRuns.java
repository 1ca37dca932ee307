package io.stepwise.api.maprun;

import io.stepwise.api.persistence.Database;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code map_runs} table as the Map Run service reads and changes it (the runtime records Map
 * Runs as their Maps start and end), with counts of their child executions.
 */
@ApplicationScoped
public class PgMapRuns {
  /** AWS's counts, in the order DescribeMapRun lists them. */
  private static final List<String> COUNTS =
      List.of(
          "pending",
          "running",
          "succeeded",
          "failed",
          "timedOut",
          "aborted",
          "total",
          "resultsWritten",
          "failuresNotRedrivable",
          "pendingRedrive");

  private final Database db;

  public PgMapRuns(Database db) {
    this.db = db;
  }

  /** A Map Run as listed: its execution and times. */
  public record Listed(String arn, String executionArn, Instant startDate, Instant stopDate) {}

  public Optional<MapRun> find(String arn) {
    for (Row run : db.query("SELECT * FROM map_runs WHERE arn = $1", arn)) {
      return Optional.of(
          new MapRun(
              run.getString("arn"),
              run.getString("execution_arn"),
              run.getString("status"),
              Database.instant(run, "start_date"),
              run.getValue("stop_date") == null ? null : Database.instant(run, "stop_date"),
              run.getInteger("max_concurrency"),
              run.getFloat("tolerated_failure_percentage"),
              run.getLong("tolerated_failure_count"),
              run.getInteger("redrive_count"),
              counts(arn, run.getString("status"))));
    }
    return Optional.empty();
  }

  /** The child executions by status; a child that has not taken its first step is pending. */
  private Map<String, Long> counts(String arn, String status) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String k : COUNTS) counts.put(k, 0L);
    long total = 0;
    for (Row row :
        db.query(
            "SELECT status, count(*) AS n, count(*) FILTER (WHERE event_count = 0) AS pending FROM"
                + " executions WHERE map_run_arn = $1 GROUP BY status",
            arn)) {
      long n = row.getLong("n");
      long pending = row.getLong("pending");
      total += n;
      String key =
          switch (row.getString("status")) {
            case "RUNNING" -> "running";
            case "SUCCEEDED" -> "succeeded";
            case "FAILED" -> "failed";
            case "TIMED_OUT" -> "timedOut";
            default -> "aborted";
          };
      counts.merge(key, n - pending, Long::sum);
      counts.merge("pending", pending, Long::sum);
    }
    counts.put("total", total);
    if (status.equals("SUCCEEDED")) counts.put("resultsWritten", total);
    return counts;
  }

  /** The execution's Map Runs by start, {@code limit} from {@code offset}. */
  public List<Listed> ofExecution(String executionArn, int offset, int limit) {
    List<Listed> out = new ArrayList<>();
    for (Row row :
        db.query(
            "SELECT arn, execution_arn, start_date, stop_date FROM map_runs WHERE execution_arn ="
                + " $1 ORDER BY start_date, arn OFFSET $2 LIMIT $3",
            executionArn,
            offset,
            limit)) {
      out.add(
          new Listed(
              row.getString("arn"),
              row.getString("execution_arn"),
              Database.instant(row, "start_date"),
              row.getValue("stop_date") == null ? null : Database.instant(row, "stop_date")));
    }
    return out;
  }

  /** Changes the limits given (null: unchanged). */
  public void update(String arn, Integer maxConcurrency, Long failureCount, Float failurePercent) {
    db.query(
        "UPDATE map_runs SET max_concurrency = COALESCE($2, max_concurrency),"
            + " tolerated_failure_count = COALESCE($3, tolerated_failure_count),"
            + " tolerated_failure_percentage = COALESCE($4::real, tolerated_failure_percentage)"
            + " WHERE arn = $1",
        arn,
        maxConcurrency,
        failureCount,
        failurePercent);
  }
}
