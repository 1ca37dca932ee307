package io.stepwise.api.runtime;

import io.stepwise.api.ops.ExecutionMdc;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.TaskTable;
import io.stepwise.api.persistence.TimerTable;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The durable runtime's step as a transaction: lock the execution row, run the interpreter, append
 * the history events, store the new snapshot and write the commands as {@code tasks} and {@code
 * timers} rows ({@link StepWriter}). What the step leaves to do after its commit goes into the
 * caller's {@link AfterCommit}; carrying it out is {@link StepEffects}'s, never this class's, so
 * the step knows nothing of what its effects do. Concurrent signals for one execution queue on its
 * row lock; a transaction that locks several executions locks them in ARN order.
 */
@ApplicationScoped
public class StepTransactions {
  private final Database db;
  private final Definitions definitions;
  private final StepWriter writer;
  private final TaskTable tasks;
  private final Ports ports;

  public StepTransactions(
      Database db, Definitions definitions, StepWriter writer, TaskTable tasks, EnginePorts ports) {
    this.db = db;
    this.definitions = definitions;
    this.writer = writer;
    this.tasks = tasks;
    this.ports = ports.ports();
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

  /** How a start request ended: a new execution, or the running one it repeats. */
  public record Started(String executionArn, Instant startDate, boolean created) {}

  /**
   * Inserts a new execution and runs its first step in the same transaction, so an execution is
   * never half-written. A name already used gives the running execution back when the input is the
   * same (AWS's idempotent StartExecution), ExecutionAlreadyExists otherwise.
   */
  Started start(NewExecution execution, AfterCommit after) {
    ExecutionSnapshot snapshot = execution.snapshot();
    StateMachineDefinition definition = definitions.parsed(execution.definition());
    String input = Json.write(snapshot.input());
    after.concerns(snapshot.executionArn());
    return db.inTransaction(
        sql -> {
          if (!StepWriter.insert(sql, execution, "{}")) {
            return existing(sql, snapshot.executionArn(), input);
          }
          StepResult result =
              Interpreter.step(
                  definition, snapshot, new Signal.Started(), snapshot.startTime(), ports);
          writer.write(sql, StepWriter.Context.of(execution), 0, result, after);
          return new Started(snapshot.executionArn(), snapshot.startTime(), true);
        });
  }

  /**
   * Runs the first step of an execution that was inserted without one (a child started by its
   * parent's step); does nothing when it already ran.
   */
  void startPending(String executionArn, AfterCommit after) {
    after.concerns(executionArn);
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
                  now(),
                  ports);
          writer.write(sql, StepWriter.Context.of(row), 0, result, after);
          return null;
        });
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

  /** Locks the execution's row and reads what a step needs of it; null when there is none. */
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
   * Delivers a signal in a transaction of its own. Task results close their {@code tasks} row and
   * timers delete their {@code timers} row in that same transaction: whichever server process gets
   * there first wins, and a repeated delivery is {@link Outcome#STALE}.
   */
  Outcome signal(String executionArn, Signal signal, AfterCommit after) {
    return db.inTransaction(sql -> signal(sql, executionArn, signal, after));
  }

  /**
   * Delivers a signal inside the caller's transaction (GetActivityTask records ActivityStarted in
   * the transaction that claims the task). The caller must either hold the execution row's lock
   * already or lock no other row before it, so locks are always taken execution row first.
   */
  Outcome signal(Database.Sql sql, String executionArn, Signal signal, AfterCommit after) {
    Row row = lock(sql, executionArn);
    if (row == null) return Outcome.NO_EXECUTION;
    return signalLocked(sql, row, signal, after, false);
  }

  /**
   * The step of a signal for a locked execution row. {@code consumed}: the caller already closed
   * the signal's task or timer row (otherwise the step closes it itself).
   */
  Outcome signalLocked(
      Database.Sql sql, Row row, Signal signal, AfterCommit after, boolean consumed) {
    String executionArn = row.getString("arn");
    // Callers that found the execution by a task token learn its ARN only here.
    after.concerns(executionArn);
    try (ExecutionMdc.Scope ignored = ExecutionMdc.enter(executionArn)) {
      if (row.getInteger("event_count") == 0) return Outcome.STALE;
      if (!consumed && !consume(sql, executionArn, signal)) return Outcome.STALE;
      ExecutionSnapshot snapshot = SnapshotCodec.read(row.getString("snapshot"));
      if (snapshot.status().isTerminal()) return Outcome.STALE;
      StateMachineDefinition definition = definitions.parsed(row.getString("definition"));
      // AWS's 25,000-event limit is the interpreter's, as in every runtime.
      StepResult result = Interpreter.step(definition, snapshot, signal, now(), ports);
      writer.write(sql, StepWriter.Context.of(row), row.getInteger("event_count"), result, after);
      return Outcome.APPLIED;
    }
  }

  /**
   * A signal found together with its locked execution row by a transaction shared with others (null
   * row: no such execution), and whether that transaction consumed its task or timer row.
   */
  record Locked(Row execution, Signal signal, boolean consumed) {}

  /**
   * The steps of signals whose executions a shared transaction locked (in ARN order) and whose task
   * or timer rows it consumed, one after the other; each gets its own {@link AfterCommit} in {@code
   * afters}. A second signal of one execution (a Parallel's branches) reads the row the first one's
   * step wrote.
   */
  List<Outcome> stepEach(Database.Sql sql, List<Locked> signals, List<AfterCommit> afters) {
    List<Outcome> outcomes = new ArrayList<>(signals.size());
    Set<String> stepped = new HashSet<>();
    for (Locked s : signals) {
      Row execution = s.execution();
      if (execution == null) {
        outcomes.add(Outcome.NO_EXECUTION);
        continue;
      }
      if (!s.consumed()) {
        outcomes.add(Outcome.STALE);
        continue;
      }
      if (!stepped.add(execution.getString("arn"))) {
        execution = lock(sql, execution.getString("arn"));
      }
      AfterCommit after = new AfterCommit();
      afters.add(after);
      outcomes.add(signalLocked(sql, execution, s.signal(), after, true));
    }
    return outcomes;
  }

  /**
   * Replaces the stored snapshot of a stopped execution by one that goes on (RedriveExecution): the
   * events are appended and the commands carried out like any step's.
   */
  Outcome redrive(String executionArn, RedrivePlan plan, AfterCommit after) {
    after.concerns(executionArn);
    return db.inTransaction(
        sql -> {
          Row row = lock(sql, executionArn);
          if (row == null) return Outcome.NO_EXECUTION;
          Instant now = now();
          StepResult result =
              plan.apply(
                  definitions.parsed(row.getString("definition")),
                  SnapshotCodec.read(row.getString("snapshot")),
                  now,
                  ports);
          if (result == null) return Outcome.STALE;
          sql.send("UPDATE executions SET redrive_time = $2 WHERE arn = $1", executionArn, now);
          writer.write(
              sql, StepWriter.Context.of(row), row.getInteger("event_count"), result, after);
          return Outcome.APPLIED;
        });
  }

  /** Builds the redriven step from the stored definition and snapshot; null when not redrivable. */
  @FunctionalInterface
  public interface RedrivePlan {
    StepResult apply(
        StateMachineDefinition definition, ExecutionSnapshot snapshot, Instant now, Ports ports);
  }

  /** Closes the task or timer row the signal consumes; false when it was already consumed. */
  private boolean consume(Database.Sql sql, String executionArn, Signal signal) {
    return switch (signal) {
      case Signal.TaskSucceeded s -> tasks.close(sql, s.taskToken(), closedState(s));
      case Signal.TaskFailed f -> tasks.close(sql, f.taskToken(), closedState(f));
      case Signal.TaskHeartbeat h -> tasks.isOpen(sql, h.taskToken());
      case Signal.TimerFired t -> TimerTable.consume(sql, executionArn, t.timerId());
      default -> true;
    };
  }

  /** The state a task's answer closes its row in. */
  static String closedState(Signal answer) {
    return answer instanceof Signal.TaskSucceeded ? "SUCCEEDED" : "FAILED";
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
