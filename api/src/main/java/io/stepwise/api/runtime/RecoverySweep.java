package io.stepwise.api.runtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stepwise.api.ops.ExecutionWork;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.DatabaseOutage;
import io.stepwise.engine.asl.Resource;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.DispatchedTask;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Finds after-commit effects that a dead (or busy) server process never carried out, and carries
 * them out: children whose first step never ran, ended children whose parent still waits, item
 * reads, result writes, mocked answers and nested starts whose lease ran out, and (once at start)
 * every open built-in task. Effects are idempotent per token, so doing one twice is harmless.
 */
@ApplicationScoped
public class RecoverySweep {
  private static final Logger LOG = Logger.getLogger(RecoverySweep.class);
  private static final Duration EVERY = Duration.ofSeconds(2);

  private final Database db;
  private final PgExecutionSteps steps;
  private final StepEffects effects;
  private volatile boolean running;
  private Thread thread;

  public RecoverySweep(Database db, PgExecutionSteps steps, StepEffects effects) {
    this.db = db;
    this.steps = steps;
    this.effects = effects;
  }

  void onStart(@Observes StartupEvent event) {
    running = true;
    thread = Thread.ofVirtual().name("stepwise-recovery").start(this::loop);
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
    if (thread != null) thread.interrupt();
  }

  private void loop() {
    try {
      redispatchBuiltIns();
    } catch (Throwable e) {
      if (running) DatabaseOutage.warn(LOG, "re-dispatching built-in tasks failed", e);
    }
    while (running) {
      try {
        sweep();
        Thread.sleep(EVERY);
      } catch (InterruptedException e) {
        return;
      } catch (Throwable e) {
        if (!running) return;
        DatabaseOutage.warn(LOG, "recovery sweep failed; trying again", e);
        // Not at once: while the database is unreachable every pass fails in microseconds.
        try {
          Thread.sleep(EVERY);
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  /** One pass; public so that tests can run it at once. */
  public void sweep() {
    for (Row row :
        db.query(
            "SELECT arn FROM executions WHERE event_count = 0 AND start_time < now() - interval"
                + " '3 seconds' LIMIT 100")) {
      String arn = row.getString("arn");
      ExecutionWork.run(LOG, arn, "starting", () -> steps.startPending(arn));
    }
    for (Row row :
        db.query(
            "SELECT t.execution_arn, t.token, t.child_arn FROM tasks t JOIN executions c ON c.arn"
                + " = t.child_arn WHERE t.state = 'CLAIMED' AND c.status <> 'RUNNING' LIMIT 100")) {
      String arn = row.getString("execution_arn");
      ExecutionWork.run(
          LOG,
          arn,
          "telling the parent its child ended",
          () -> effects.deliverChildEnd(arn, row.getString("token"), row.getString("child_arn")));
    }
    for (Row row :
        db.query(
            "UPDATE tasks SET lease_until = now() + interval '60 seconds' WHERE token IN (SELECT"
                + " token FROM tasks WHERE internal AND closed_at IS NULL AND state = 'CLAIMED' AND"
                + " lease_until < now() LIMIT 50 FOR UPDATE SKIP LOCKED) RETURNING token,"
                + " execution_arn, kind, resource, pattern, state_name, input, timeout_seconds,"
                + " heartbeat_seconds")) {
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
          StepEffects.Batch batch = effects.batch();
          batch.nested(arn, task);
          batch.run();
        }
      }
    }
  }

  private void redispatchBuiltIns() {
    for (Row row :
        db.query(
            "SELECT t.token, t.resource, t.state_name, t.execution_arn, e.state_machine_arn,"
                + " t.input, t.timeout_seconds, t.heartbeat_seconds FROM tasks t JOIN executions e"
                + " ON e.arn = t.execution_arn WHERE t.lease_owner = 'builtin' AND t.state ="
                + " 'CLAIMED'")) {
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
