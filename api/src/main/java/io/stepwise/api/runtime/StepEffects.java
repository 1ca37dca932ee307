package io.stepwise.api.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.ops.ExecutionMdc;
import io.stepwise.api.persistence.Database;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.outbound.OutboundPolicy;
import io.stepwise.engine.runtime.memory.ItemSource;
import io.stepwise.engine.runtime.memory.MockedTasks;
import io.stepwise.engine.runtime.memory.ResultSink;
import io.stepwise.engine.runtime.memory.TaskHandler;
import io.stepwise.engine.service.BuiltInTaskHandler;
import io.stepwise.engine.service.DispatchedTask;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * What the runtime does after a step is committed: wake pollers, hand tasks to built-in handlers,
 * start child executions, read items and write results of distributed Maps, answer mocked tasks,
 * and tell a parent that its child ended. Anything slow runs on its own virtual thread, outside the
 * step's transaction. Every effect is also found again by {@link RecoverySweep} when the process
 * dies before carrying it out, so effects happen at least once.
 */
@ApplicationScoped
public class StepEffects {
  private static final Logger LOG = Logger.getLogger(StepEffects.class);

  private final Database db;
  private final Wakeups wakeups;
  private final PgNotifier notifier;
  private final Instance<PgExecutionSteps> steps;
  private final Instance<StepWriter> writer;
  private final Instance<NestedExecutions> nested;
  private final Instance<TestCaseMocks> mocks;
  private final OutboundPolicy outbound;

  public StepEffects(
      Database db,
      Wakeups wakeups,
      PgNotifier notifier,
      Instance<PgExecutionSteps> steps,
      Instance<StepWriter> writer,
      Instance<NestedExecutions> nested,
      Instance<TestCaseMocks> mocks,
      ServerOutbound outbound) {
    this.db = db;
    this.wakeups = wakeups;
    this.notifier = notifier;
    this.steps = steps;
    this.writer = writer;
    this.nested = nested;
    this.mocks = mocks;
    this.outbound = outbound.policy();
  }

  /** A new, empty batch for one step. */
  public Batch batch() {
    return new Batch();
  }

  /** The effects of one step, carried out by {@link #run} after its commit. */
  public final class Batch {
    private final List<Runnable> inline = new ArrayList<>();
    private final List<Runnable> background = new ArrayList<>();
    private String executionArn;

    /** When the step began (the batch is made before its transaction), for the step-time metric. */
    final long startedNanos = System.nanoTime();

    void wake(String resource) {
      inline.add(
          () -> {
            wakeups.taskQueued(resource);
            notifier.publish("stepwise_task", resource);
          });
    }

    /** Runs on this thread right after the commit (cheap bookkeeping such as metrics). */
    void afterCommit(Runnable effect) {
      inline.add(effect);
    }

    void executionChanged(String arn) {
      inline.add(() -> notifier.publish("stepwise_execution", arn));
    }

    void timer(java.time.Instant due) {
      inline.add(
          () -> {
            wakeups.timerScheduled(due);
            notifier.publish("stepwise_timer", Long.toString(due.toEpochMilli()));
          });
    }

    void builtIn(DispatchedTask task) {
      background.add(() -> dispatchBuiltIn(task));
    }

    void cancelBuiltIn(String token) {
      background.add(() -> cancelBuiltInTask(token));
    }

    void stopChild(String childArn) {
      background.add(
          () ->
              steps
                  .get()
                  .signal(
                      childArn,
                      new Signal.StopRequested("States.Aborted", "The parent no longer waits")));
    }

    void childEnded(String parentArn, String parentToken, String childArn) {
      if (parentToken == null) return;
      background.add(() -> deliverChildEnd(parentArn, parentToken, childArn));
    }

    void startPending(String childArn) {
      background.add(() -> steps.get().startPending(childArn));
    }

    void readItems(String arn, String token, JsonNode reader) {
      background.add(() -> StepEffects.this.readItems(arn, token, reader));
    }

    void writeResults(String arn, String token, JsonNode work) {
      background.add(() -> StepEffects.this.writeResults(arn, token, work));
    }

    void mock(String arn, String machineArn, String testCase, Command.DispatchTask task) {
      background.add(() -> answerFromMock(arn, machineArn, testCase, task));
    }

    void nested(String arn, Command.DispatchTask task) {
      background.add(() -> nested.get().start(arn, task));
    }

    /** The execution whose step this is, for the logging context of its effects. */
    void concerns(String executionArn) {
      if (this.executionArn == null) this.executionArn = executionArn;
    }

    /**
     * Carries the effects out; call only after the step committed. They log under the step's
     * execution ARN (or the caller's), background effects on their own threads too.
     */
    public void run() {
      String arn = executionArn != null ? executionArn : ExecutionMdc.current();
      try (ExecutionMdc.Scope ignored = ExecutionMdc.enter(arn)) {
        for (Runnable r : inline) r.run();
      }
      for (Runnable r : background) {
        Thread.ofVirtual().name("stepwise-effect").start(guarded(arn, r));
      }
    }
  }

  private static Runnable guarded(String executionArn, Runnable r) {
    return () -> {
      try (ExecutionMdc.Scope ignored = ExecutionMdc.enter(executionArn)) {
        try {
          r.run();
        } catch (RuntimeException e) {
          // The recovery sweep tries again; nothing is lost by one failure here.
          LOG.warn("an after-commit effect failed; the recovery sweep will try again", e);
        }
      }
    };
  }

  void dispatchBuiltIn(DispatchedTask task) {
    BuiltInTaskHandler h = writer.get().builtIn(task.resource());
    if (h != null) h.dispatched(task);
  }

  void cancelBuiltInTask(String token) {
    for (Row row : db.query("SELECT resource FROM tasks WHERE token = $1", token)) {
      BuiltInTaskHandler h = writer.get().builtIn(row.getString("resource"));
      if (h != null) h.cancelled(token);
    }
  }

  /** The child ended: the parent's task is answered as its kind and pattern say. */
  void deliverChildEnd(String parentArn, String token, String childArn) {
    Row task = null;
    for (Row r : db.query("SELECT kind, pattern FROM tasks WHERE token = $1", token)) task = r;
    Row child = null;
    for (Row r :
        db.query(
            "SELECT arn, state_machine_arn, name, status, input, output, error, cause,"
                + " start_time, stop_time FROM executions WHERE arn = $1",
            childArn)) {
      child = r;
    }
    if (task == null || child == null || child.getString("status").equals("RUNNING")) return;
    Signal signal =
        task.getString("kind").equals("CHILD")
            ? mapChildEnd(token, child)
            : NestedExecutions.endSignal(
                token, task.getString("pattern"), NestedExecutions.ChildEnd.of(child));
    steps.get().signal(parentArn, signal);
  }

  private static Signal mapChildEnd(String token, Row child) {
    String status = child.getString("status");
    if (status.equals("SUCCEEDED")) {
      String output = child.getString("output");
      return new Signal.TaskSucceeded(
          token, output == null ? Json.NODES.nullNode() : Json.parseTrusted(output));
    }
    String error = child.getString("error");
    if (error == null) {
      error = status.equals("TIMED_OUT") ? "States.Timeout" : "States.Runtime";
    }
    return new Signal.TaskFailed(token, error, child.getString("cause"));
  }

  void readItems(String arn, String token, JsonNode reader) {
    Signal signal;
    try {
      signal = new Signal.TaskSucceeded(token, new ItemSource(outbound).read(reader));
    } catch (ItemSource.ItemReaderException e) {
      signal = new Signal.TaskFailed(token, "States.ItemReaderFailed", e.getMessage());
    }
    steps.get().signal(arn, signal);
  }

  void writeResults(String arn, String token, JsonNode work) {
    Signal signal;
    try {
      signal =
          new Signal.TaskSucceeded(
              token,
              new ResultSink(outbound)
                  .write(
                      work.path("writer"), work.path("mapRunArn").asText(), work.path("results")));
    } catch (ResultSink.ResultWriterException e) {
      signal = new Signal.TaskFailed(token, "States.ResultWriterFailed", e.getMessage());
    }
    steps.get().signal(arn, signal);
  }

  void answerFromMock(String arn, String machineArn, String testCase, Command.DispatchTask task) {
    TaskHandler.Outcome outcome;
    try {
      outcome = mocks.get().answer(arn, machineArn, testCase, task);
    } catch (MockedTasks.MissingMockException | IllegalArgumentException e) {
      // Like Step Functions Local, a state the test case does not mock runs for real: here that
      // means a worker serves it.
      String resource = task.resource().arn();
      db.query(
          "UPDATE tasks SET state = 'OPEN', lease_owner = NULL, lease_until = NULL WHERE token ="
              + " $1 AND state = 'CLAIMED'",
          task.taskToken());
      wakeups.taskQueued(resource);
      notifier.publish("stepwise_task", resource);
      return;
    }
    switch (outcome) {
      case TaskHandler.Outcome.Success s ->
          steps.get().signal(arn, new Signal.TaskSucceeded(task.taskToken(), s.output()));
      case TaskHandler.Outcome.Failure f ->
          steps.get().signal(arn, new Signal.TaskFailed(task.taskToken(), f.error(), f.cause()));
      case TaskHandler.Outcome.NoAnswer n -> {}
    }
  }
}
