package io.stepwise.api.runtime;

import io.stepwise.api.persistence.Database;
import io.stepwise.api.protocol.AwsError;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Interpreter;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.interpret.SnapshotCodec;
import io.stepwise.engine.interpret.StepResult;
import io.stepwise.engine.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable runtime's step: one interpreter step is one PostgreSQL transaction that locks the
 * execution row, appends the history events, stores the new snapshot and writes the commands as
 * {@code tasks} and {@code timers} rows (the outbox). Only after the commit are pollers woken, so
 * no effect is ever seen for a step that did not happen. Every Standard state transition goes
 * through here exactly once; concurrent signals for one execution queue on its row lock.
 */
@ApplicationScoped
public class PgExecutionSteps {
  /** AWS's limit on the events of one execution's history. */
  static final int MAX_HISTORY_EVENTS = 25_000;

  private final Database db;
  private final Definitions definitions;
  private final Wakeups wakeups;

  public PgExecutionSteps(Database db, Definitions definitions, Wakeups wakeups) {
    this.db = db;
    this.definitions = definitions;
    this.wakeups = wakeups;
  }

  /** How a start request ended: a new execution, or the running one it repeats. */
  public record Started(String executionArn, Instant startDate, boolean created) {}

  /**
   * Inserts a new execution and runs its first step in the same transaction, so an execution is
   * never half-written. A name already used gives the running execution back when the input is the
   * same (AWS's idempotent StartExecution), ExecutionAlreadyExists otherwise.
   */
  public Started start(ExecutionSnapshot snapshot, String definitionText, String type) {
    StateMachineDefinition definition = definitions.parsed(definitionText);
    String input = Json.write(snapshot.input);
    List<Runnable> afterCommit = new ArrayList<>();
    Started started =
        db.inTransaction(
            sql -> {
              int inserted =
                  sql.query(
                          "INSERT INTO executions (arn, state_machine_arn, name, type, status,"
                              + " definition, snapshot, input, start_time) VALUES ($1,$2,$3,$4,"
                              + " 'RUNNING', $5, '{}', $6, $7) ON CONFLICT (arn) DO NOTHING",
                          snapshot.executionArn,
                          snapshot.stateMachineArn,
                          snapshot.executionName,
                          type,
                          definitionText,
                          input,
                          snapshot.startTime)
                      .rowCount();
              if (inserted == 0) return existing(sql, snapshot.executionArn, input);
              StepResult result =
                  Interpreter.step(definition, snapshot, new Signal.Started(), snapshot.startTime);
              write(sql, snapshot.executionArn, 0, result, afterCommit);
              return new Started(snapshot.executionArn, snapshot.startTime, true);
            });
    afterCommit.forEach(Runnable::run);
    return started;
  }

  private static Started existing(Database.Sql sql, String arn, String input) {
    for (Row row :
        sql.query("SELECT status, input, start_time FROM executions WHERE arn = $1", arn)) {
      if (row.getString("status").equals("RUNNING") && row.getString("input").equals(input)) {
        return new Started(arn, Database.instant(row, "start_time"), false);
      }
    }
    throw new AwsError("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
  }

  /** What became of a signal. */
  public enum Outcome {
    /** The step ran and was committed. */
    APPLIED,
    /** No such execution. */
    NO_EXECUTION,
    /** The task or timer the signal is about was already closed: nothing was written. */
    STALE
  }

  /**
   * Delivers a signal in one transaction. Task results close their {@code tasks} row and timers
   * delete their {@code timers} row in that same transaction: whichever server process gets there
   * first wins, and a repeated delivery is {@link Outcome#STALE}.
   */
  public Outcome signal(String executionArn, Signal signal) {
    List<Runnable> afterCommit = new ArrayList<>();
    Outcome outcome =
        db.inTransaction(
            sql -> {
              Row row = null;
              for (Row r :
                  sql.query(
                      "SELECT definition, snapshot, event_count FROM executions WHERE arn = $1"
                          + " FOR UPDATE",
                      executionArn)) {
                row = r;
              }
              if (row == null) return Outcome.NO_EXECUTION;
              if (!claimSignal(sql, executionArn, signal)) return Outcome.STALE;
              Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
              ExecutionSnapshot snapshot = SnapshotCodec.read(row.getString("snapshot"));
              if (snapshot.status.isTerminal()) return Outcome.STALE;
              StateMachineDefinition definition = definitions.parsed(row.getString("definition"));
              int eventCount = row.getInteger("event_count");
              StepResult result = Interpreter.step(definition, snapshot, signal, now);
              if (eventCount + result.events().size() > MAX_HISTORY_EVENTS) {
                result = historyLimitReached(row.getString("snapshot"), now);
              }
              write(sql, executionArn, eventCount, result, afterCommit);
              return Outcome.APPLIED;
            });
    afterCommit.forEach(Runnable::run);
    return outcome;
  }

  /**
   * The step that would pass AWS's 25,000 events is replaced by the execution's failure: the
   * snapshot before the step ends FAILED with one ExecutionFailed event, and the terminal clean-up
   * cancels its tasks and timers.
   */
  private static StepResult historyLimitReached(String snapshotBefore, Instant now) {
    ExecutionSnapshot s = SnapshotCodec.read(snapshotBefore);
    s.status = io.stepwise.engine.interpret.ExecutionStatus.FAILED;
    s.error = "States.Runtime";
    s.cause =
        "The execution reached the maximum number of history events (" + MAX_HISTORY_EVENTS + ").";
    s.stopTime = now;
    com.fasterxml.jackson.databind.node.ObjectNode details = Json.object();
    details.put("error", s.error);
    details.put("cause", s.cause);
    HistoryEvent failed =
        new HistoryEvent(
            s.lastEventId + 1,
            s.lastEventId,
            io.stepwise.engine.history.HistoryEventType.EXECUTION_FAILED,
            now,
            details);
    s.lastEventId++;
    return new StepResult(s, List.of(failed), List.of());
  }

  /** Closes the task or timer row the signal consumes; false when it was already consumed. */
  private static boolean claimSignal(Database.Sql sql, String executionArn, Signal signal) {
    return switch (signal) {
      case Signal.TaskSucceeded s -> closeTask(sql, s.taskToken(), "SUCCEEDED");
      case Signal.TaskFailed f -> closeTask(sql, f.taskToken(), "FAILED");
      case Signal.TaskHeartbeat h ->
          sql.query(
                      "SELECT 1 FROM tasks WHERE token = $1 AND state IN ('OPEN', 'CLAIMED')",
                      h.taskToken())
                  .rowCount()
              == 1;
      case Signal.TimerFired t ->
          sql.query(
                      "DELETE FROM timers WHERE execution_arn = $1 AND id = $2",
                      executionArn,
                      t.timerId())
                  .rowCount()
              == 1;
      default -> true;
    };
  }

  private static boolean closeTask(Database.Sql sql, String token, String state) {
    return sql.query(
                "UPDATE tasks SET state = $2, closed_at = now() WHERE token = $1"
                    + " AND state IN ('OPEN', 'CLAIMED')",
                token,
                state)
            .rowCount()
        == 1;
  }

  private void write(
      Database.Sql sql,
      String executionArn,
      int eventCount,
      StepResult result,
      List<Runnable> afterCommit) {
    ExecutionSnapshot s = result.snapshot();
    List<Tuple> events = new ArrayList<>();
    for (HistoryEvent e : result.events()) {
      events.add(
          Database.tuple(
              executionArn,
              e.id(),
              e.previousEventId(),
              e.type().awsName(),
              e.timestamp(),
              e.details() == null ? null : Json.write(e.details())));
    }
    sql.batch(
        "INSERT INTO history_events (execution_arn, event_id, previous_event_id, type, timestamp,"
            + " details) VALUES ($1, $2, $3, $4, $5, $6)",
        events);
    for (Command command : result.commands()) {
      switch (command) {
        case Command.DispatchTask t -> {
          sql.query(
              "INSERT INTO tasks (token, execution_arn, resource, kind, pattern, state_name, input,"
                  + " state, heartbeat_seconds, timeout_seconds, created_at) VALUES ($1, $2, $3,"
                  + " $4, $5, $6, $7, 'OPEN', $8, $9, now()) ON CONFLICT (token) DO NOTHING",
              t.taskToken(),
              executionArn,
              t.resource().arn(),
              t.resource().kind().name(),
              t.resource().pattern().name(),
              t.stateName(),
              Json.write(t.input()),
              t.heartbeatSeconds(),
              t.timeoutSeconds());
          String resource = t.resource().arn();
          afterCommit.add(() -> wakeups.taskQueued(resource));
        }
        case Command.CancelTask t ->
            sql.query(
                "UPDATE tasks SET state = 'CANCELLED', closed_at = now() WHERE token = $1"
                    + " AND state IN ('OPEN', 'CLAIMED')",
                t.taskToken());
        case Command.StartTimer t -> {
          sql.query(
              "INSERT INTO timers (id, execution_arn, due_at) VALUES ($1, $2, $3)"
                  + " ON CONFLICT (execution_arn, id) DO UPDATE SET due_at = EXCLUDED.due_at,"
                  + " lease_owner = NULL, lease_until = NULL",
              t.timerId(),
              executionArn,
              t.dueAt());
          Instant due = t.dueAt();
          afterCommit.add(() -> wakeups.timerScheduled(due));
        }
        case Command.CancelTimer t ->
            sql.query(
                "DELETE FROM timers WHERE execution_arn = $1 AND id = $2",
                executionArn,
                t.timerId());
        // engine-core is growing commands (child executions, item readers and result writers of
        // distributed Maps) that this runtime does not carry out yet: refuse the step (it rolls
        // back) rather than lose the command.
        default ->
            throw new IllegalStateException(
                "the durable runtime cannot carry out "
                    + command.getClass().getSimpleName()
                    + " yet");
      }
    }
    if (s.status.isTerminal()) {
      // Whatever the interpreter left open can no longer be answered.
      sql.query(
          "UPDATE tasks SET state = 'CANCELLED', closed_at = now() WHERE execution_arn = $1"
              + " AND state IN ('OPEN', 'CLAIMED')",
          executionArn);
      sql.query("DELETE FROM timers WHERE execution_arn = $1", executionArn);
    }
    sql.query(
        "UPDATE executions SET status = $2, snapshot = $3, output = $4, error = $5, cause = $6,"
            + " stop_time = $7, event_count = $8, redrive_count = $9 WHERE arn = $1",
        executionArn,
        s.status.name(),
        SnapshotCodec.write(s),
        s.output == null ? null : Json.write(s.output),
        s.error,
        s.cause,
        s.stopTime,
        eventCount + result.events().size(),
        s.redriveCount);
  }
}
