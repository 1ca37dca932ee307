package io.stepwise.api.schedule;

import io.stepwise.api.persistence.Database;
import io.stepwise.api.schedule.store.ScheduleColumns;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fire times of schedules ({@code schedule_fires}): planned once per schedule and fire time
 * (its primary key), claimed by one server at a time ({@code SKIP LOCKED} under a lease, taken over
 * when the lease runs out), and closed with the execution they started or the error that ended
 * them. A close names the claiming server, so a server whose lease was taken over changes nothing.
 */
@ApplicationScoped
public class PgFires {
  private static final String COLUMNS =
      "schedule_arn, fire_time, due_at, state, attempts, run_now, execution_arn, error, cause,"
          + " created_at, finished_at";

  private final Database db;

  public PgFires(Database db) {
    this.db = db;
  }

  /** What planning does with one due schedule, inside the planning transaction. */
  @FunctionalInterface
  interface Plan {
    /** Plans the schedule's fires up to {@code now}; its next fire time afterwards, or null. */
    Instant plan(Schedule schedule, Planned planned);
  }

  /** Where a plan puts the fires it makes. */
  interface Planned {
    void fire(String scheduleArn, Instant fireTime, Instant dueAt);

    void expired(String scheduleArn, Instant fireTime, String cause);
  }

  /**
   * Locks up to {@code limit} enabled schedules whose next fire time has come (skipping those
   * another server is planning), lets {@code plan} write their fire rows and stores each one's next
   * fire time, in one transaction. How many schedules it planned.
   */
  int planDue(Instant now, int limit, Plan plan) {
    return db.inTransaction(
        sql -> {
          List<Schedule> due = new ArrayList<>();
          for (Row row :
              sql.query(
                  "SELECT "
                      + ScheduleColumns.COLUMNS
                      + " FROM schedules"
                      + " WHERE state = 'ENABLED' AND next_fire_at <= $1 ORDER BY next_fire_at"
                      + " LIMIT $2 FOR UPDATE SKIP LOCKED",
                  now,
                  limit)) {
            due.add(ScheduleColumns.read(row));
          }
          Planned planned =
              new Planned() {
                @Override
                public void fire(String scheduleArn, Instant fireTime, Instant dueAt) {
                  sql.send(
                      "INSERT INTO schedule_fires (schedule_arn, fire_time, due_at, state,"
                          + " created_at) VALUES ($1, $2, $3, 'PENDING', $4)"
                          + " ON CONFLICT (schedule_arn, fire_time) DO NOTHING",
                      scheduleArn,
                      fireTime,
                      dueAt,
                      now);
                }

                @Override
                public void expired(String scheduleArn, Instant fireTime, String cause) {
                  sql.send(
                      "INSERT INTO schedule_fires (schedule_arn, fire_time, due_at, state, cause,"
                          + " created_at, finished_at) VALUES ($1, $2, $2, 'EXPIRED', $3, $4, $4)"
                          + " ON CONFLICT (schedule_arn, fire_time) DO NOTHING",
                      scheduleArn,
                      fireTime,
                      cause,
                      now);
                }
              };
          for (Schedule s : due) {
            Instant next = plan.plan(s, planned);
            sql.send("UPDATE schedules SET next_fire_at = $2 WHERE arn = $1", s.arn(), next);
          }
          return due.size();
        });
  }

  /** A fire "run now" makes; false when the schedule has one at that very time. */
  boolean insertRunNow(String scheduleArn, Instant fireTime) {
    return db.query(
                "INSERT INTO schedule_fires (schedule_arn, fire_time, due_at, state, run_now,"
                    + " created_at) VALUES ($1, $2, $2, 'PENDING', true, $2)"
                    + " ON CONFLICT (schedule_arn, fire_time) DO NOTHING",
                scheduleArn,
                fireTime)
            .rowCount()
        == 1;
  }

  /**
   * Claims up to {@code limit} pending fires that are due and not leased by a live claim, for
   * {@code leaseSeconds}, counting the attempt.
   */
  List<ScheduleFire> claimDue(Instant now, String owner, int leaseSeconds, int limit) {
    List<ScheduleFire> out = new ArrayList<>();
    for (Row row :
        db.query(
            "UPDATE schedule_fires SET lease_owner = $2, lease_until = $1 + make_interval(secs =>"
                + " $3), attempts = attempts + 1 WHERE (schedule_arn, fire_time) IN (SELECT"
                + " schedule_arn, fire_time FROM schedule_fires WHERE state = 'PENDING' AND due_at"
                + " <= $1 AND (lease_until IS NULL OR lease_until < $1) ORDER BY due_at LIMIT $4"
                + " FOR UPDATE SKIP LOCKED) RETURNING "
                + COLUMNS,
            now,
            owner,
            leaseSeconds,
            limit)) {
      out.add(read(row));
    }
    return out;
  }

  /** Closes a claimed fire as STARTED with its execution; false when the claim was lost. */
  boolean started(ScheduleFire f, String owner, String executionArn, Instant now) {
    return close(f, owner, "STARTED", executionArn, null, null, now);
  }

  /** Closes a claimed fire as FAILED or EXPIRED with why; false when the claim was lost. */
  boolean ended(
      ScheduleFire f, String owner, String state, String error, String cause, Instant now) {
    return close(f, owner, state, null, error, cause, now);
  }

  private boolean close(
      ScheduleFire f,
      String owner,
      String state,
      String executionArn,
      String error,
      String cause,
      Instant now) {
    return db.query(
                "UPDATE schedule_fires SET state = $4, execution_arn = $5, error = $6, cause = $7,"
                    + " finished_at = $8, lease_owner = NULL, lease_until = NULL"
                    + " WHERE schedule_arn = $1 AND fire_time = $2 AND lease_owner = $3"
                    + " AND state = 'PENDING'",
                f.scheduleArn(),
                f.fireTime(),
                owner,
                state,
                executionArn,
                error,
                cause,
                now)
            .rowCount()
        == 1;
  }

  /** Gives a claimed fire back to be tried again at {@code dueAt}, with the attempt's error. */
  boolean retryAt(ScheduleFire f, String owner, Instant dueAt, String error, String cause) {
    return db.query(
                "UPDATE schedule_fires SET due_at = $4, error = $5, cause = $6,"
                    + " lease_owner = NULL, lease_until = NULL"
                    + " WHERE schedule_arn = $1 AND fire_time = $2 AND lease_owner = $3"
                    + " AND state = 'PENDING'",
                f.scheduleArn(),
                f.fireTime(),
                owner,
                dueAt,
                error,
                cause)
            .rowCount()
        == 1;
  }

  /** Whether the schedule has fires not yet started. */
  boolean anyPending(String scheduleArn) {
    return db.query(
                "SELECT 1 FROM schedule_fires WHERE schedule_arn = $1 AND state = 'PENDING'",
                scheduleArn)
            .rowCount()
        > 0;
  }

  /** The schedule's latest fires, newest first. */
  List<ScheduleFire> recent(String scheduleArn, int limit) {
    List<ScheduleFire> out = new ArrayList<>();
    for (Row row :
        db.query(
            "SELECT "
                + COLUMNS
                + " FROM schedule_fires WHERE schedule_arn = $1 ORDER BY fire_time DESC LIMIT $2",
            scheduleArn,
            limit)) {
      out.add(read(row));
    }
    return out;
  }

  /** The fire that started this execution, if a schedule did. */
  Optional<ScheduleFire> ofExecution(String executionArn) {
    for (Row row :
        db.query(
            "SELECT " + COLUMNS + " FROM schedule_fires WHERE execution_arn = $1", executionArn)) {
      return Optional.of(read(row));
    }
    return Optional.empty();
  }

  private static ScheduleFire read(Row row) {
    return new ScheduleFire(
        row.getString("schedule_arn"),
        Database.instant(row, "fire_time"),
        Database.instant(row, "due_at"),
        row.getString("state"),
        row.getInteger("attempts"),
        row.getBoolean("run_now"),
        row.getString("execution_arn"),
        row.getString("error"),
        row.getString("cause"),
        Database.instant(row, "created_at"),
        Database.instant(row, "finished_at"));
  }
}
