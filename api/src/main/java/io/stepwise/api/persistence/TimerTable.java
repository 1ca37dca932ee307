package io.stepwise.api.persistence;

import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code timers} table, every statement that reads or writes it: one row per due time a step
 * set (a Wait, a retry's back-off, a task's TimeoutSeconds or HeartbeatSeconds, an execution's
 * timeout), claimed by the firing nodes with {@code SKIP LOCKED} under a lease and deleted by the
 * step it fires, so each fires once.
 */
@ApplicationScoped
public class TimerTable {
  private final Database db;

  public TimerTable(Database db) {
    this.db = db;
  }

  /** A claimed timer: when it was due. */
  public record Due(String executionArn, String timerId, Instant dueAt) {}

  /** Sets (or moves) a timer of the execution; a moved timer is free to be claimed again. */
  public static void set(Database.Sql sql, String executionArn, String timerId, Instant dueAt) {
    sql.send(
        "INSERT INTO timers (id, execution_arn, due_at) VALUES ($1, $2, $3)"
            + " ON CONFLICT (execution_arn, id) DO UPDATE SET due_at = EXCLUDED.due_at,"
            + " lease_owner = NULL, lease_until = NULL",
        timerId,
        executionArn,
        dueAt);
  }

  /** Removes a timer that is no longer awaited. */
  public static void remove(Database.Sql sql, String executionArn, String timerId) {
    sql.send("DELETE FROM timers WHERE execution_arn = $1 AND id = $2", executionArn, timerId);
  }

  /**
   * The statement that removes every timer of the execution {@code $1}, as a part of an ending
   * step's statement.
   */
  public static final String REMOVE_ALL_OF_EXECUTION =
      "DELETE FROM timers WHERE execution_arn = $1";

  /**
   * Consumes a due timer for the step it fires: true when this transaction deleted it. A timer
   * another node fired already, or one a step moved to a later time since it was claimed, is not
   * deleted, and then not fired.
   */
  public static boolean consume(Database.Sql sql, String executionArn, String timerId) {
    return sql.query(
                "DELETE FROM timers WHERE execution_arn = $1 AND id = $2 AND due_at <= now()",
                executionArn,
                timerId)
            .rowCount()
        == 1;
  }

  /**
   * {@link #consume} for several timers in one statement; its rows (execution_arn, id) are the ones
   * deleted.
   */
  public static Database.Pending submitConsumeAll(
      Database.Sql sql, String[] executionArns, String[] timerIds) {
    return sql.submit(
        "DELETE FROM timers t USING unnest($1::text[], $2::text[]) AS d(execution_arn, id)"
            + " WHERE t.execution_arn = d.execution_arn AND t.id = d.id AND t.due_at <= now()"
            + " RETURNING t.execution_arn, t.id",
        executionArns,
        timerIds);
  }

  /**
   * Claims up to {@code limit} due timers, the earliest first, under this node's lease ({@code SKIP
   * LOCKED}: nodes sharing the database take different ones); a lease that ran out (its node died)
   * makes a timer claimable again.
   */
  public List<Due> claimDue(String owner, int leaseSeconds, int limit) {
    List<Due> out = new ArrayList<>();
    for (Row row :
        db.query(
            "UPDATE timers SET lease_owner = $1, lease_until = now() + make_interval(secs => $2)"
                + " WHERE (execution_arn, id) IN (SELECT execution_arn, id FROM timers WHERE"
                + " due_at <= now() AND (lease_until IS NULL OR lease_until < now())"
                + " ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)"
                + " RETURNING execution_arn, id, due_at",
            owner,
            leaseSeconds,
            limit)) {
      out.add(
          new Due(
              row.getString("execution_arn"),
              row.getString("id"),
              Database.instant(row, "due_at")));
    }
    return out;
  }

  /**
   * The figures for the metrics, as a subquery: due_timers (due and not fired) and timer_lag
   * (seconds since the earliest of them was due).
   */
  public static final String DUE_FIGURES =
      "(SELECT count(*) AS due_timers, coalesce(extract(epoch FROM now() - min(due_at)),"
          + " 0)::float8 AS timer_lag FROM timers WHERE due_at <= now())";
}
