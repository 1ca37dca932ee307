package io.stepwise.api.runtime;

import io.stepwise.api.ops.ExecutionWork;
import io.stepwise.api.ops.NodeLoop;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.TaskTable;
import io.stepwise.engine.asl.Resource;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.DispatchedTask;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Finds after-commit effects that a dead (or busy) server process never carried out, and carries
 * them out: children whose first step never ran, ended children whose parent still waits, item
 * reads, result writes, mocked answers and nested starts whose lease ran out, and (once at start)
 * every open built-in task. Effects are idempotent per token, so doing one twice is harmless.
 */
@ApplicationScoped
public class RecoverySweep implements NodeLoop {
  private static final Logger LOG = Logger.getLogger(RecoverySweep.class);
  private static final Duration EVERY = Duration.ofSeconds(2);

  private final Database db;
  private final TaskTable tasks;
  private final StepEffects effects;

  public RecoverySweep(Database db, TaskTable tasks, StepEffects effects) {
    this.db = db;
    this.tasks = tasks;
    this.effects = effects;
  }

  @Override
  public String name() {
    return "stepwise-recovery";
  }

  @Override
  public void beforeFirstPass() {
    redispatchBuiltIns();
  }

  @Override
  public void pass() throws InterruptedException {
    sweep();
    Thread.sleep(EVERY);
  }

  @Override
  public Duration afterFailure() {
    return EVERY;
  }

  /** One pass; public so that tests can run it at once. */
  public void sweep() {
    for (Row row :
        db.query(
            "SELECT arn FROM executions WHERE event_count = 0 AND start_time < now() - interval"
                + " '3 seconds' LIMIT 100")) {
      String arn = row.getString("arn");
      ExecutionWork.run(LOG, arn, "starting", () -> effects.startPending(arn));
    }
    for (Row row : tasks.endedChildren(100)) {
      String arn = row.getString("execution_arn");
      ExecutionWork.run(
          LOG,
          arn,
          "telling the parent its child ended",
          () -> effects.deliverChildEnd(arn, row.getString("token"), row.getString("child_arn")));
    }
    for (Row row : tasks.takeOverLapsedInternal(50)) {
      ExecutionWork.run(LOG, row.getString("execution_arn"), "redoing an effect", () -> redo(row));
    }
  }

  private void redo(Row row) {
    String arn = row.getString("execution_arn");
    String token = row.getString("token");
    switch (row.getString("kind")) {
      case "READ_ITEMS" -> effects.readItems(arn, token, Json.parseTrusted(row.getString("input")));
      case "WRITE_RESULTS" ->
          effects.writeResults(arn, token, Json.parseTrusted(row.getString("input")));
      default -> {
        Command.DispatchTask task =
            new Command.DispatchTask(
                token,
                Resource.of(row.getString("resource")),
                row.getString("state_name"),
                Json.parseTrusted(row.getString("input")),
                row.getInteger("timeout_seconds"),
                row.getInteger("heartbeat_seconds"));
        if (row.getString("kind").equals("MOCK")) {
          for (Row e :
              db.query("SELECT state_machine_arn, test_case FROM executions WHERE arn = $1", arn)) {
            effects.answerFromMock(
                arn, e.getString("state_machine_arn"), e.getString("test_case"), task);
          }
        } else {
          effects.startNested(arn, task);
        }
      }
    }
  }

  private void redispatchBuiltIns() {
    for (Row row : tasks.openBuiltIns()) {
      ExecutionWork.run(
          LOG,
          row.getString("execution_arn"),
          "re-dispatching a built-in task",
          () ->
              effects.dispatchBuiltIn(
                  new DispatchedTask(
                      row.getString("token"),
                      row.getString("resource"),
                      row.getString("state_name"),
                      row.getString("execution_arn"),
                      row.getString("state_machine_arn"),
                      row.getString("input"),
                      row.getInteger("timeout_seconds"),
                      row.getInteger("heartbeat_seconds"))));
    }
  }
}
