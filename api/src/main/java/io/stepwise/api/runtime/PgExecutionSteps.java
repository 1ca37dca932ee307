package io.stepwise.api.runtime;

import io.stepwise.api.ops.ExecutionMdc;
import io.stepwise.api.persistence.Database;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Interpreter;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.interpret.SnapshotCodec;
import io.stepwise.engine.interpret.StepResult;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.port.Ports;
import io.stepwise.engine.service.ServiceException;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The durable runtime's step: one interpreter step is one PostgreSQL transaction that locks the
 * execution row, appends the history events, stores the new snapshot and writes the commands as
 * {@code tasks} and {@code timers} rows (the outbox, see {@link StepWriter}). Only after the commit
 * are the effects carried out ({@link StepEffects}), so no effect is ever seen for a step that did
 * not happen. Every Standard state transition goes through here exactly once; concurrent signals
 * for one execution queue on its row lock. A step and its effects run with the execution's ARN in
 * the logging context ({@link ExecutionMdc}), so every log line they cause names the execution.
 */
@ApplicationScoped
public class PgExecutionSteps {
  /** AWS's maximum duration of a Standard execution: one year. */
  static final Duration MAX_DURATION = Duration.ofDays(365);

  /** The timer that ends an execution without TimeoutSeconds at the one-year limit. */
  static final String MAX_DURATION_TIMER = "stepwise-max-duration";

  private final Database db;
  private final Definitions definitions;
  private final StepWriter writer;
  private final StepEffects effects;
  private final GatheredAnswers gatheredAnswers;
  private final Ports ports;

  public PgExecutionSteps(
      Database db,
      Definitions definitions,
      StepWriter writer,
      StepEffects effects,
      EnginePorts ports) {
    this.db = db;
    this.definitions = definitions;
    this.writer = writer;
    this.effects = effects;
    this.ports = ports.ports();
    this.gatheredAnswers = new GatheredAnswers(db, this);
  }

  /** How a start request ended: a new execution, or the running one it repeats. */
  public record Started(String executionArn, Instant startDate, boolean created) {}

  /**
   * Inserts a new execution and runs its first step in the same transaction, so an execution is
   * never half-written. A name already used gives the running execution back when the input is the
   * same (AWS's idempotent StartExecution), ExecutionAlreadyExists otherwise.
   */
  public Started start(NewExecution execution) {
    ExecutionSnapshot snapshot = execution.snapshot();
    StateMachineDefinition definition = definitions.parsed(execution.definition());
    String input = Json.write(snapshot.input);
    try (ExecutionMdc.Scope ignored = ExecutionMdc.enter(snapshot.executionArn)) {
      StepEffects.Batch batch = effects.batch();
      Started started =
          db.inTransaction(
              sql -> {
                if (!writer.insert(sql, execution, "{}")) {
                  return existing(sql, snapshot.executionArn, input);
                }
                StepResult result =
                    Interpreter.step(
                        definition, snapshot, new Signal.Started(), snapshot.startTime, ports);
                limitDuration(sql, result.snapshot());
                writer.write(sql, StepWriter.Context.of(execution), 0, result, batch);
                return new Started(snapshot.executionArn, snapshot.startTime, true);
              });
      batch.run();
      return started;
    }
  }

  /**
   * Runs the first step of an execution that was inserted without one (a child started by its
   * parent's step); does nothing when it already ran.
   */
  public void startPending(String executionArn) {
    try (ExecutionMdc.Scope ignored = ExecutionMdc.enter(executionArn)) {
      startPendingStep(executionArn);
    }
  }

  private void startPendingStep(String executionArn) {
    StepEffects.Batch batch = effects.batch();
    db.inTransaction(
        sql -> {
          Row row = lock(sql, executionArn);
          if (row == null || row.getInteger("event_count") != 0) return null;
          ExecutionSnapshot snapshot = SnapshotCodec.read(row.getString("snapshot"));
          StepResult result =
              Interpreter.step(
                  definitions.parsed(row.getString("definition")),
                  snapshot,
                  new Signal.Started(),
                  Instant.now().truncatedTo(ChronoUnit.MILLIS),
                  ports);
          limitDuration(sql, result.snapshot());
          writer.write(sql, StepWriter.Context.of(row), 0, result, batch);
          return null;
        });
    batch.run();
  }

  /** A Standard execution without TimeoutSeconds still ends after AWS's one year. */
  private static void limitDuration(Database.Sql sql, ExecutionSnapshot s) {
    if (s.express || s.status.isTerminal() || s.executionTimerId != null) return;
    s.executionTimerId = MAX_DURATION_TIMER;
    sql.send(
        "INSERT INTO timers (id, execution_arn, due_at) VALUES ($1, $2, $3)"
            + " ON CONFLICT (execution_arn, id) DO NOTHING",
        MAX_DURATION_TIMER,
        s.executionArn,
        s.startTime.plus(MAX_DURATION));
  }

  private static Started existing(Database.Sql sql, String arn, String input) {
    for (Row row :
        sql.query("SELECT status, input, start_time FROM executions WHERE arn = $1", arn)) {
      if (row.getString("status").equals("RUNNING") && row.getString("input").equals(input)) {
        return new Started(arn, Database.instant(row, "start_time"), false);
      }
    }
    throw new ServiceException("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
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

  static Row lock(Database.Sql sql, String executionArn) {
    for (Row r :
        sql.query(
            "SELECT " + StepWriter.Context.COLUMNS + " FROM executions WHERE arn = $1 FOR UPDATE",
            executionArn)) {
      return r;
    }
    return null;
  }

  /**
   * Delivers a signal in one transaction. Task results close their {@code tasks} row and timers
   * delete their {@code timers} row in that same transaction: whichever server process gets there
   * first wins, and a repeated delivery is {@link Outcome#STALE}.
   */
  public Outcome signal(String executionArn, Signal signal) {
    try (ExecutionMdc.Scope ignored = ExecutionMdc.enter(executionArn)) {
      StepEffects.Batch batch = effects.batch();
      Outcome outcome = db.inTransaction(sql -> signal(sql, executionArn, signal, batch));
      batch.run();
      return outcome;
    }
  }

  /**
   * Delivers a signal inside the caller's transaction (GetActivityTask records ActivityStarted in
   * the transaction that claims the task); the caller runs the batch after its commit. The caller
   * must either hold the execution row's lock already or lock no other row before it, so locks are
   * always taken execution row first.
   */
  public Outcome signal(
      Database.Sql sql, String executionArn, Signal signal, StepEffects.Batch batch) {
    Row row = lock(sql, executionArn);
    if (row == null) return Outcome.NO_EXECUTION;
    return signalLocked(sql, row, signal, batch, false);
  }

  /**
   * Delivers a task's answer found by its token alone ({@link Outcome#NO_EXECUTION} when no task
   * has that token), if {@code access} lets it (its refusal is thrown, nothing written). Answers
   * arriving together share one transaction ({@link GatheredAnswers}).
   */
  public Outcome answerTask(String taskToken, Signal signal, TaskAccess access) {
    return gatheredAnswers.answer(taskToken, signal, access);
  }

  GatheredAnswers gatheredAnswers() {
    return gatheredAnswers;
  }

  /**
   * One answer in a transaction of its own, which finds the task, locks its execution and takes the
   * step.
   */
  Outcome answerTaskAlone(String taskToken, Signal signal, TaskAccess access) {
    StepEffects.Batch batch = effects.batch();
    Outcome outcome =
        db.inTransaction(
            sql -> {
              // Both statements travel together; the connection runs them in this order, so the
              // execution row is locked before the task row, as in every step.
              Database.Pending execution =
                  sql.submit(
                      "SELECT "
                          + StepWriter.Context.COLUMNS_OF_E
                          + ", "
                          + TASK_RESOURCE
                          + " FROM tasks t JOIN executions e ON e.arn = t.execution_arn"
                          + " WHERE t.token = $1 FOR UPDATE OF e",
                      taskToken);
              Database.Pending closed = sql.submit(CLOSE_TASK, taskToken, closedState(signal));
              for (Row row : execution.rows()) {
                // A refusal rolls back the closing of the task too.
                access.check(row.getString("arn"), row.getString("task_resource"));
                if (closed.rows().rowCount() != 1) return Outcome.STALE;
                return signalLocked(sql, row, signal, batch, true);
              }
              return Outcome.NO_EXECUTION;
            });
    batch.run();
    return outcome;
  }

  /**
   * The step of a signal for a locked execution row. {@code consumed}: the caller already closed
   * the signal's task row (otherwise the step closes the signal's task or timer row itself).
   */
  Outcome signalLocked(
      Database.Sql sql, Row row, Signal signal, StepEffects.Batch batch, boolean consumed) {
    String executionArn = row.getString("arn");
    // Callers that found the execution by a task token learn its ARN only here.
    batch.concerns(executionArn);
    try (ExecutionMdc.Scope ignored = ExecutionMdc.enter(executionArn)) {
      return step(sql, row, executionArn, signal, batch, consumed);
    }
  }

  private Outcome step(
      Database.Sql sql,
      Row row,
      String executionArn,
      Signal signal,
      StepEffects.Batch batch,
      boolean consumed) {
    if (row.getInteger("event_count") == 0) return Outcome.STALE;
    if (!consumed && !claimSignal(sql, executionArn, signal)) return Outcome.STALE;
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ExecutionSnapshot snapshot = SnapshotCodec.read(row.getString("snapshot"));
    if (snapshot.status.isTerminal()) return Outcome.STALE;
    StateMachineDefinition definition = definitions.parsed(row.getString("definition"));
    int eventCount = row.getInteger("event_count");
    // AWS's 25,000-event limit is the interpreter's, as in every runtime.
    StepResult result = Interpreter.step(definition, snapshot, signal, now, ports);
    writer.write(sql, StepWriter.Context.of(row), eventCount, result, batch);
    return Outcome.APPLIED;
  }

  /**
   * A batch of after-commit effects for {@link #signal(Database.Sql, String, Signal,
   * StepEffects.Batch)}.
   */
  public StepEffects.Batch effects() {
    return effects.batch();
  }

  /**
   * Replaces the stored snapshot of a stopped execution by one that goes on (RedriveExecution): the
   * events are appended and the commands carried out like any step's.
   */
  public Outcome redrive(String executionArn, RedrivePlan plan) {
    try (ExecutionMdc.Scope ignored = ExecutionMdc.enter(executionArn)) {
      return redriveStep(executionArn, plan);
    }
  }

  private Outcome redriveStep(String executionArn, RedrivePlan plan) {
    StepEffects.Batch batch = effects.batch();
    Outcome outcome =
        db.inTransaction(
            sql -> {
              Row row = lock(sql, executionArn);
              if (row == null) return Outcome.NO_EXECUTION;
              Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
              StepResult result =
                  plan.apply(
                      definitions.parsed(row.getString("definition")),
                      SnapshotCodec.read(row.getString("snapshot")),
                      now,
                      ports);
              if (result == null) return Outcome.STALE;
              sql.send("UPDATE executions SET redrive_time = $2 WHERE arn = $1", executionArn, now);
              writer.write(
                  sql, StepWriter.Context.of(row), row.getInteger("event_count"), result, batch);
              return Outcome.APPLIED;
            });
    batch.run();
    return outcome;
  }

  /** Builds the redriven step from the stored definition and snapshot; null when not redrivable. */
  @FunctionalInterface
  public interface RedrivePlan {
    StepResult apply(
        StateMachineDefinition definition, ExecutionSnapshot snapshot, Instant now, Ports ports);
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

  /** The resource of a task row aliased {@code t}, as the answers' locking queries read it. */
  static final String TASK_RESOURCE = "t.resource AS task_resource";

  /** The state a task's answer closes its row in. */
  static String closedState(Signal answer) {
    return answer instanceof Signal.TaskSucceeded ? "SUCCEEDED" : "FAILED";
  }

  private static final String CLOSE_TASK =
      "UPDATE tasks SET state = $2, closed_at = now() WHERE token = $1 AND state IN ('OPEN',"
          + " 'CLAIMED')";

  private static boolean closeTask(Database.Sql sql, String token, String state) {
    return sql.query(CLOSE_TASK, token, state).rowCount() == 1;
  }
}
