package io.stepwise.api.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.arn.Arn;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.LeaseOwner;
import io.stepwise.api.persistence.TaskTable;
import io.stepwise.api.persistence.TimerTable;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.interpret.MapRunLimits;
import io.stepwise.engine.interpret.SnapshotCodec;
import io.stepwise.engine.interpret.StepResult;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.DispatchedTask;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes one step inside its transaction: the commands as outbox rows ({@code tasks}, {@code
 * timers}, child {@code executions}, {@code map_runs}), then the history events and the execution
 * row's projection in one last statement (which, when the step ends the execution, also cancels
 * what is still open). What must happen after the commit is recorded in the step's {@link
 * AfterCommit}.
 */
@ApplicationScoped
public class StepWriter {
  static final String NESTED_PREFIX = "arn:aws:states:::states:startExecution";

  private final BuiltInHandlers builtIns;
  private final TaskTable tasks;

  public StepWriter(BuiltInHandlers builtIns, TaskTable tasks) {
    this.builtIns = builtIns;
    this.tasks = tasks;
  }

  /**
   * The execution row's fields a step needs besides its snapshot.
   *
   * @param id the row's number, which its history events are kept under
   */
  public record Context(
      long id,
      String executionArn,
      String stateMachineArn,
      String type,
      String parentArn,
      String parentToken,
      String mapRunArn,
      String testCase) {
    static final String COLUMNS =
        "id, arn, state_machine_arn, type, definition_id, snapshot, event_count, parent_arn,"
            + " parent_token, map_run_arn, test_case";

    /** The same columns of an {@code executions} row aliased {@code e}. */
    static final String COLUMNS_OF_E = "e." + COLUMNS.replace(", ", ", e.");

    static Context of(Row row) {
      return new Context(
          row.getLong("id"),
          row.getString("arn"),
          row.getString("state_machine_arn"),
          row.getString("type"),
          row.getString("parent_arn"),
          row.getString("parent_token"),
          row.getString("map_run_arn"),
          row.getString("test_case"));
    }

    static Context of(long id, NewExecution e) {
      return new Context(
          id,
          e.snapshot().executionArn(),
          e.snapshot().stateMachineArn(),
          e.type(),
          e.parentArn(),
          e.parentToken(),
          e.mapRunArn(),
          e.testCase());
    }

    /**
     * Whether the execution, in the status a step leaves it in, may still go on: running, or closed
     * in a way RedriveExecution accepts. AWS never redrives a SUCCEEDED execution, and a Map Run's
     * children only through their parent, whose redrive starts a new Map Run (docs/ARCHITECTURE.md,
     * "RedriveExecution"); such an execution's snapshot is not stored. Retention clears the others'
     * once AWS's 14 days of redrive are over ({@code ops.Retention}).
     */
    boolean keepsSnapshot(ExecutionStatus status) {
      if (!status.isTerminal()) return true;
      return status != ExecutionStatus.SUCCEEDED && mapRunArn == null;
    }
  }

  /**
   * The stored definition ($5) as CTEs: {@code known} when it is stored already (the usual case, a
   * read), else {@code added}. Two first starts of a new definition at once both add it: the second
   * waits for the first's row and, on its conflict, updates it (to the same digest) to get its id
   * back; DO NOTHING would return no row to it. {@code known} locks the row as the foreign key's
   * check would (FOR KEY SHARE), but before the insert: a row {@link
   * io.stepwise.api.persistence.UnusedDefinitions} is deleting is waited for and, once deleted, not
   * found, so the definition is added again instead of the insert failing on the foreign key.
   */
  private static final String DEFINITION_ID =
      "known AS (SELECT id FROM definitions WHERE digest = sha256(convert_to($5, 'UTF8'))"
          + " FOR KEY SHARE),"
          + " added AS (INSERT INTO definitions (digest, body)"
          + " SELECT sha256(convert_to($5, 'UTF8')), $5 WHERE NOT EXISTS (SELECT 1 FROM known)"
          + " ON CONFLICT (digest) DO UPDATE SET digest = EXCLUDED.digest RETURNING id)";

  /**
   * Inserts the execution row (and its definition, the first time that is run); returns the row's
   * number, or null when one with that ARN exists already.
   */
  static Long insert(Database.Sql sql, NewExecution e, String snapshot) {
    ExecutionSnapshot s = e.snapshot();
    for (Row row :
        sql.query(
            "WITH "
                + DEFINITION_ID
                + " INSERT INTO executions (arn, state_machine_arn, name, type, status,"
                + " definition_id, snapshot, input, start_time, parent_arn, parent_token,"
                + " map_run_arn, version_arn, alias_arn, test_case, started_by) VALUES"
                + " ($1,$2,$3,$4,'RUNNING',"
                + " COALESCE((SELECT id FROM known), (SELECT id FROM added)),"
                + "$6,$7,$8,$9,$10,$11,$12,$13,$14,"
                // A nested execution or a Map Run's child was started by its parent's starter.
                + " COALESCE($15::text[], (SELECT p.started_by FROM executions p"
                + " WHERE p.arn = $9))) ON CONFLICT (arn) DO NOTHING RETURNING id",
            s.executionArn(),
            s.stateMachineArn(),
            s.executionName(),
            e.type(),
            e.definition(),
            snapshot,
            Json.write(s.input()),
            s.startTime(),
            e.parentArn(),
            e.parentToken(),
            e.mapRunArn(),
            e.versionArn(),
            e.aliasArn(),
            e.testCase(),
            e.startedBy() == null ? null : e.startedBy().toArray(String[]::new))) {
      return row.getLong("id");
    }
    return null;
  }

  void write(Database.Sql sql, Context ctx, int eventCount, StepResult result, AfterCommit after) {
    ExecutionSnapshot s = result.snapshot();
    String arn = ctx.executionArn();
    boolean ends = s.status().isTerminal();
    after.add(new Effect.ExecutionChanged(arn));
    after.add(new Effect.Committed(arn, result.events(), after.startedNanos));
    for (HistoryEvent e : result.events()) mapRunEvent(sql, arn, e, s);
    for (Command command : result.commands()) {
      switch (command) {
        case Command.DispatchTask t -> dispatch(sql, ctx, t, after);
        // An ending step cancels all open tasks and timers in its last statement.
        case Command.CancelTask t -> {
          if (!ends) tasks.cancel(sql, t.taskToken(), c -> afterCancel(c, after));
        }
        case Command.CancelTimer t -> {
          if (!ends) TimerTable.remove(sql, arn, t.timerId());
        }
        case Command.StartTimer t -> {
          TimerTable.set(sql, arn, t.timerId(), t.dueAt());
          after.add(new Effect.TimerSet(t.dueAt()));
        }
        case Command.StartChildExecution c -> startChild(sql, ctx, s, c, after);
        case Command.ReadItems r -> {
          tasks.insertInternal(
              sql, r.token(), arn, "READ_ITEMS", r.stateName(), Json.write(r.reader()));
          after.add(new Effect.ItemsToRead(arn, r.token(), r.reader()));
        }
        case Command.WriteResults w -> {
          ObjectNode work = Json.object();
          work.set("writer", w.writer());
          work.put("mapRunArn", w.mapRunArn());
          work.set("results", w.results());
          tasks.insertInternal(
              sql, w.token(), arn, "WRITE_RESULTS", w.stateName(), Json.write(work));
          after.add(new Effect.ResultsToWrite(arn, w.token(), work));
        }
      }
    }
    if (ends && ctx.parentArn() != null && ctx.parentToken() != null) {
      after.add(new Effect.ChildEnded(ctx.parentArn(), ctx.parentToken(), arn));
    }
    save(sql, ctx, eventCount, result, ends, after);
    StatusChangeEvents.record(sql, s, result.events());
  }

  /** The step's events and the execution row's new state, as one INSERT in a CTE. */
  private static final String SAVE_STEP =
      "WITH events AS (INSERT INTO history_events (execution_id, event_id, previous_event_id,"
          + " type, timestamp, details) SELECT $15, * FROM unnest($10::int[], $11::int[],"
          + " $12::text[], $13::timestamptz[], $14::text[]))";

  private static final String UPDATE_EXECUTION =
      "UPDATE executions SET status = $2, snapshot = $3, output = $4, error = $5, cause = $6,"
          + " stop_time = $7, event_count = $8, redrive_count = $9 WHERE arn = $1";

  /**
   * A step that goes on: its events and the execution row, in one statement (one message, one plan
   * in PostgreSQL, instead of one each).
   */
  private static final String SAVE_ONGOING_STEP = SAVE_STEP + " " + UPDATE_EXECUTION;

  /**
   * A step that ends the execution also cancels whatever the interpreter left open, since it can no
   * longer be answered: its timers are deleted and its open tasks closed, returned so that their
   * workers, built-in handlers and child executions are told. The earlier statements of the step
   * (task inserts among them) have run before this one, so it sees their rows.
   */
  private static final String SAVE_ENDING_STEP =
      SAVE_STEP
          + ", timers_gone AS ("
          + TimerTable.REMOVE_ALL_OF_EXECUTION
          + "), execution AS ("
          + UPDATE_EXECUTION
          + ") "
          + TaskTable.CANCEL_ALL_OF_EXECUTION;

  /**
   * A string for a text column: PostgreSQL's text cannot hold U+0000 (a Fail state's Cause taken
   * from the input may carry one), so it becomes U+FFFD there; the history keeps the exact string,
   * JSON-escaped.
   */
  private static String textColumn(String value) {
    return value == null ? null : value.replace('\u0000', '\uFFFD');
  }

  private static void save(
      Database.Sql sql,
      Context ctx,
      int eventCount,
      StepResult result,
      boolean ends,
      AfterCommit after) {
    ExecutionSnapshot s = result.snapshot();
    List<HistoryEvent> events = result.events();
    int n = events.size();
    Integer[] ids = new Integer[n];
    Integer[] previous = new Integer[n];
    String[] types = new String[n];
    OffsetDateTime[] times = new OffsetDateTime[n];
    String[] details = new String[n];
    for (int i = 0; i < n; i++) {
      HistoryEvent e = events.get(i);
      // AWS's 25,000-event limit keeps event ids within an int.
      ids[i] = Math.toIntExact(e.id());
      previous[i] = Math.toIntExact(e.previousEventId());
      types[i] = e.type().awsName();
      times[i] = OffsetDateTime.ofInstant(e.timestamp(), ZoneOffset.UTC);
      details[i] = e.details() == null ? null : Json.write(e.details());
    }
    Object[] params = {
      ctx.executionArn(),
      s.status().name(),
      ctx.keepsSnapshot(s.status()) ? SnapshotCodec.write(s) : null,
      s.output() == null ? null : Json.write(s.output()),
      textColumn(s.error()),
      textColumn(s.cause()),
      s.stopTime(),
      eventCount + n,
      s.redriveCount(),
      ids,
      previous,
      types,
      times,
      details,
      ctx.id()
    };
    if (ends) {
      sql.send(
          rows -> TaskTable.cancelled(rows).forEach(c -> afterCancel(c, after)),
          SAVE_ENDING_STEP,
          params);
    } else {
      sql.send(SAVE_ONGOING_STEP, params);
    }
  }

  private static void mapRunEvent(
      Database.Sql sql, String arn, HistoryEvent e, ExecutionSnapshot snapshot) {
    switch (e.type()) {
      case MAP_RUN_STARTED -> {
        String mapRunArn = e.details() == null ? null : e.details().path("mapRunArn").asText(null);
        if (mapRunArn == null) return;
        MapRunLimits limits = MapRunLimits.of(snapshot, mapRunArn);
        if (limits == null) limits = new MapRunLimits(0, 0, 0);
        sql.send(
            "INSERT INTO map_runs (arn, execution_arn, status, start_date, max_concurrency,"
                + " tolerated_failure_count, tolerated_failure_percentage) VALUES ($1, $2,"
                + " 'RUNNING', $3, $4, $5, $6::real) ON CONFLICT (arn) DO UPDATE SET status ="
                + " 'RUNNING', stop_date = NULL",
            mapRunArn,
            arn,
            e.timestamp(),
            limits.maxConcurrency(),
            (long) limits.toleratedFailureCount(),
            (float) limits.toleratedFailurePercentage());
      }
      case MAP_RUN_SUCCEEDED, MAP_RUN_FAILED, MAP_RUN_ABORTED -> {
        String status =
            switch (e.type()) {
              case MAP_RUN_SUCCEEDED -> "SUCCEEDED";
              case MAP_RUN_FAILED -> "FAILED";
              default -> "ABORTED";
            };
        sql.send(
            "UPDATE map_runs SET status = $2, stop_date = $3 WHERE execution_arn = $1 AND status ="
                + " 'RUNNING'",
            arn,
            status,
            e.timestamp());
      }
      default -> {}
    }
  }

  private void dispatch(Database.Sql sql, Context ctx, Command.DispatchTask t, AfterCommit after) {
    String resource = t.resource().arn();
    LeaseOwner owner = null;
    if (ctx.testCase() != null || resource.startsWith(NESTED_PREFIX)) {
      owner = LeaseOwner.INTERNAL;
    } else if (builtIns.serve(resource)) {
      owner = LeaseOwner.BUILT_IN;
    }
    String input = Json.write(t.input());
    tasks.insertDispatched(
        sql,
        t.taskToken(),
        ctx.executionArn(),
        resource,
        ctx.testCase() != null ? "MOCK" : t.resource().kind().name(),
        t.resource().pattern().name(),
        t.stateName(),
        input,
        t.heartbeatSeconds(),
        t.timeoutSeconds(),
        owner);
    if (owner == null) {
      after.add(new Effect.TaskQueued(resource));
    } else if (owner == LeaseOwner.BUILT_IN) {
      after.add(
          new Effect.BuiltInDispatched(
              new DispatchedTask(
                  t.taskToken(),
                  resource,
                  t.stateName(),
                  ctx.executionArn(),
                  ctx.stateMachineArn(),
                  input,
                  t.timeoutSeconds(),
                  t.heartbeatSeconds())));
    } else if (ctx.testCase() != null) {
      after.add(
          new Effect.MockToAnswer(ctx.executionArn(), ctx.stateMachineArn(), ctx.testCase(), t));
    } else {
      after.add(new Effect.NestedToStart(ctx.executionArn(), t));
    }
  }

  /** Whoever served a cancelled task is told: its built-in handler, its child execution. */
  private static void afterCancel(TaskTable.Cancelled task, AfterCommit after) {
    if (task.owner() == LeaseOwner.BUILT_IN) after.add(new Effect.BuiltInCancelled(task.token()));
    if (task.childArn() != null) after.add(new Effect.ChildStopped(task.childArn()));
  }

  /**
   * A distributed Map's child: a durable execution of the item processor, inserted here without its
   * first step (run after the commit) and linked to the parent through a task row, whose token its
   * end answers.
   */
  private void startChild(
      Database.Sql sql,
      Context ctx,
      ExecutionSnapshot parent,
      Command.StartChildExecution c,
      AfterCommit after) {
    String runId = c.name().substring(0, c.name().indexOf(':'));
    String mapRunArn = null;
    for (Row row :
        sql.query(
            "SELECT arn FROM map_runs WHERE execution_arn = $1 AND arn LIKE '%:' || $2",
            ctx.executionArn(), runId)) {
      mapRunArn = row.getString("arn");
    }
    // The child runs the Map's item processor as the machine MACHINE/LABEL of its Map Run.
    Arn machine =
        Arn.parse(mapRunArn == null ? parent.stateMachineArn() : mapRunArn)
            .map(a -> a.kind() == Arn.Kind.MAP_RUN ? a.stateMachine() : a)
            .orElseThrow();
    String childName = c.name().replace(':', '-');
    String childArn = machine.execution(childName).toString();
    ExecutionSnapshot child =
        ExecutionSnapshot.create(
            childArn,
            childName,
            machine.toString(),
            machine.name(),
            parent.roleArn(),
            c.input(),
            java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
            (parent.randomSeed() * 31) ^ c.token().hashCode());
    NewExecution e =
        new NewExecution(
            child,
            Json.write(c.definition()),
            c.express() ? "EXPRESS" : "STANDARD",
            ctx.executionArn(),
            c.token(),
            mapRunArn,
            null,
            null,
            ctx.testCase(),
            null);
    tasks.insertChildLink(sql, c.token(), ctx.executionArn(), c.name(), childArn);
    insert(sql, e, SnapshotCodec.write(child));
    after.add(new Effect.ChildInserted(childArn));
  }
}
