package io.stepwise.api.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.ops.ExecutionMdc;
import io.stepwise.api.ops.ExecutionWork;
import io.stepwise.api.ops.StepMetrics;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.TaskTable;
import io.stepwise.api.quota.Quotas;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.runtime.memory.ItemSource;
import io.stepwise.engine.runtime.memory.MockedTasks;
import io.stepwise.engine.runtime.memory.ResultSink;
import io.stepwise.engine.runtime.memory.TaskHandler;
import io.stepwise.engine.service.DispatchedTask;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Carries out what committed steps left to do ({@link AfterCommit}): wakes pollers and notifies
 * other nodes, counts the step, hands tasks to built-in handlers, starts child executions, reads
 * items and writes results of distributed Maps, answers mocked tasks, and tells a parent that its
 * child ended. Anything slow runs on its own virtual thread, outside any transaction. An effect
 * that steps an execution takes its step through {@link StepTransactions} and carries out that
 * step's effects in turn. Every effect is also found again by {@link RecoverySweep} when the
 * process dies before carrying it out, so effects happen at least once (idempotent per token).
 */
@ApplicationScoped
public class StepEffects {
  private static final Logger LOG = Logger.getLogger(StepEffects.class);

  private final Database db;
  private final StepTransactions steps;
  private final TaskTable tasks;
  private final Wakeups wakeups;
  private final PgNotifier notifier;
  private final StepMetrics metrics;
  private final BuiltInHandlers builtIns;
  private final NestedExecutions nested;
  private final TestCaseMocks mocks;
  private final ServerOutbound outbound;
  private final NodeLoad load;
  private final Quotas quotas;
  private final ExecutionTeams teams;

  public StepEffects(
      Database db,
      StepTransactions steps,
      TaskTable tasks,
      Wakeups wakeups,
      PgNotifier notifier,
      StepMetrics metrics,
      BuiltInHandlers builtIns,
      NestedExecutions nested,
      TestCaseMocks mocks,
      ServerOutbound outbound,
      NodeLoad load,
      Quotas quotas,
      ExecutionTeams teams) {
    this.db = db;
    this.steps = steps;
    this.tasks = tasks;
    this.wakeups = wakeups;
    this.notifier = notifier;
    this.metrics = metrics;
    this.builtIns = builtIns;
    this.nested = nested;
    this.mocks = mocks;
    this.outbound = outbound;
    this.load = load;
    this.quotas = quotas;
    this.teams = teams;
  }

  /**
   * Carries out a committed step's effects; call only after its commit. They log under the step's
   * execution ARN (or the caller's), background effects on their own threads too.
   */
  public void run(AfterCommit after) {
    String arn = after.executionArn() != null ? after.executionArn() : ExecutionMdc.current();
    try (ExecutionMdc.Scope ignored = ExecutionMdc.enter(arn)) {
      for (Effect e : after.effects()) {
        if (e instanceof Effect.Inline inline) runInline(inline);
      }
    }
    for (Effect e : after.effects()) {
      if (e instanceof Effect.Background background) {
        load.stepsQueued(1);
        Thread.ofVirtual()
            .name("stepwise-effect")
            .start(
                () -> {
                  try {
                    ExecutionWork.run(
                        LOG,
                        arn,
                        "an after-commit effect (the recovery sweep tries again)",
                        () -> runBackground(background));
                  } finally {
                    load.stepsQueued(-1);
                  }
                });
      }
    }
  }

  /**
   * The effects of steps committed together (a gathered transaction): each step's, and a failure of
   * one (a notification, a wake-up) does not keep the others from running. Committed work is never
   * undone by it: the recovery sweep and the pollers' periodic look make up for a lost one.
   */
  void runEach(List<AfterCommit> afters) {
    for (AfterCommit after : afters) {
      try {
        run(after);
      } catch (Throwable failure) {
        LOG.warn("an after-commit effect of a gathered step failed", failure);
      }
    }
  }

  private void runInline(Effect.Inline effect) {
    switch (effect) {
      case Effect.ExecutionChanged e -> notifier.publish("stepwise_execution", e.executionArn());
      case Effect.TaskQueued e -> {
        wakeups.taskQueued(e.resource());
        notifier.publish("stepwise_task", e.resource());
      }
      case Effect.TimerSet e -> {
        wakeups.timerScheduled(e.dueAt());
        notifier.publish("stepwise_timer", Long.toString(e.dueAt().toEpochMilli()));
      }
      case Effect.Committed e -> {
        metrics.committed(e.events(), Duration.ofNanos(System.nanoTime() - e.startedNanos()));
        String team = teams.teamOf(e.executionArn()).orElse(null);
        quotas.spend(
            Quotas.holderOfTeam(team),
            Quotas.STATE_TRANSITION,
            StepMetrics.transitions(e.events()));
      }
    }
  }

  private void runBackground(Effect.Background effect) {
    switch (effect) {
      case Effect.BuiltInDispatched e -> dispatchBuiltIn(e.task());
      case Effect.BuiltInCancelled e -> cancelBuiltIn(e.token());
      case Effect.ChildStopped e ->
          signal(
              e.childArn(),
              new Signal.StopRequested("States.Aborted", "The parent no longer waits"));
      case Effect.ChildEnded e -> deliverChildEnd(e.parentArn(), e.parentToken(), e.childArn());
      case Effect.ChildInserted e -> startPending(e.childArn());
      case Effect.ItemsToRead e -> readItems(e.executionArn(), e.token(), e.reader());
      case Effect.ResultsToWrite e -> writeResults(e.executionArn(), e.token(), e.work());
      case Effect.MockToAnswer e ->
          answerFromMock(e.executionArn(), e.machineArn(), e.testCase(), e.task());
      case Effect.NestedToStart e -> startNested(e.executionArn(), e.task());
    }
  }

  /** A step of its own for the signal, and that step's effects. */
  void signal(String executionArn, Signal signal) {
    AfterCommit after = new AfterCommit();
    steps.signal(executionArn, signal, after);
    run(after);
  }

  /** The first step of a child inserted without one, and its effects. */
  void startPending(String executionArn) {
    AfterCommit after = new AfterCommit();
    steps.startPending(executionArn, after);
    run(after);
  }

  /** A {@code states:startExecution} task's nested execution, started (again). */
  void startNested(String executionArn, Command.DispatchTask task) {
    nested.start(executionArn, task);
  }

  void dispatchBuiltIn(DispatchedTask task) {
    builtIns.serving(task.resource()).ifPresent(h -> h.dispatched(task));
  }

  private void cancelBuiltIn(String token) {
    tasks
        .find(token)
        .flatMap(t -> builtIns.serving(t.resource()))
        .ifPresent(h -> h.cancelled(token));
  }

  /** The child ended: the parent's task is answered as its kind and pattern say. */
  void deliverChildEnd(String parentArn, String token, String childArn) {
    TaskTable.Task task = tasks.find(token).orElse(null);
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
        task.kind().equals("CHILD")
            ? mapChildEnd(token, child)
            : NestedExecutions.endSignal(
                token, task.pattern(), NestedExecutions.ChildEnd.of(child));
    signal(parentArn, signal);
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
      signal =
          new Signal.TaskSucceeded(
              token, new ItemSource(outbound.policyFor(teams.teamOf(arn))).read(reader));
    } catch (ItemSource.ItemReaderException e) {
      signal = new Signal.TaskFailed(token, "States.ItemReaderFailed", e.getMessage());
    }
    signal(arn, signal);
  }

  void writeResults(String arn, String token, JsonNode work) {
    Signal signal;
    try {
      signal =
          new Signal.TaskSucceeded(
              token,
              new ResultSink(outbound.policyFor(teams.teamOf(arn)))
                  .write(
                      work.path("writer"), work.path("mapRunArn").asText(), work.path("results")));
    } catch (ResultSink.ResultWriterException e) {
      signal = new Signal.TaskFailed(token, "States.ResultWriterFailed", e.getMessage());
    }
    signal(arn, signal);
  }

  void answerFromMock(String arn, String machineArn, String testCase, Command.DispatchTask task) {
    TaskHandler.Outcome outcome;
    try {
      outcome = mocks.answer(arn, machineArn, testCase, task);
    } catch (MockedTasks.MissingMockException | IllegalArgumentException e) {
      // Like Step Functions Local, a state the test case does not mock runs for real: here that
      // means a worker serves it.
      String resource = task.resource().arn();
      tasks.reopenForWorkers(task.taskToken());
      wakeups.taskQueued(resource);
      notifier.publish("stepwise_task", resource);
      return;
    }
    switch (outcome) {
      case TaskHandler.Outcome.Success s ->
          signal(arn, new Signal.TaskSucceeded(task.taskToken(), s.output()));
      case TaskHandler.Outcome.Failure f ->
          signal(arn, new Signal.TaskFailed(task.taskToken(), f.error(), f.cause()));
      case TaskHandler.Outcome.NoAnswer n -> {}
    }
  }
}
