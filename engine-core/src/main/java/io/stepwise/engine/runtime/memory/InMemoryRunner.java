package io.stepwise.engine.runtime.memory;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.parse.DefinitionException;
import io.stepwise.engine.asl.parse.DefinitionParser;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Interpreter;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.interpret.StepResult;
import io.stepwise.engine.outbound.OutboundPolicy;
import io.stepwise.engine.port.Ports;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one execution to its end in memory on a virtual clock: tasks go to a {@link TaskHandler},
 * and when nothing else can happen the clock jumps to the next timer, so a Wait of a day takes
 * microseconds. Used by the CLI, the conformance suite, benchmarks and Express workflows.
 */
public final class InMemoryRunner {
  private final StateMachineDefinition definition;
  private final TaskHandler handler;
  private final boolean recordHistory;
  private final OutboundPolicy outbound;
  private final Map<JsonNode, StateMachineDefinition> childDefinitions = new IdentityHashMap<>();
  private java.util.function.Consumer<StepResult> stepListener = result -> {};
  private Ports ports = Ports.STANDARD;

  /**
   * A run that reaches nothing outside itself: a distributed Map's ItemReader and ResultWriter fail
   * (TestState, replays, time travel, the conformance suite).
   */
  public InMemoryRunner(
      StateMachineDefinition definition, TaskHandler handler, boolean recordHistory) {
    this(
        definition,
        handler,
        recordHistory,
        OutboundPolicy.none("this run reads and writes nothing outside itself"));
  }

  /**
   * The command line's run: the user's own definition reads and writes any file, with {@code
   * objectStore} standing in for S3 in distributed Maps' ItemReader and ResultWriter ({@code
   * <folder>/<bucket>/<key>}).
   */
  public InMemoryRunner(
      StateMachineDefinition definition,
      TaskHandler handler,
      boolean recordHistory,
      Path objectStore) {
    this(definition, handler, recordHistory, OutboundPolicy.local(objectStore));
  }

  /** A run whose distributed Maps read and write what {@code outbound} allows. */
  public InMemoryRunner(
      StateMachineDefinition definition,
      TaskHandler handler,
      boolean recordHistory,
      OutboundPolicy outbound) {
    this.definition = definition;
    this.handler = handler;
    this.recordHistory = recordHistory;
    this.outbound = outbound;
  }

  /** Calls {@code listener} after every step, with the snapshot as that step left it. */
  public InMemoryRunner onStep(java.util.function.Consumer<StepResult> listener) {
    this.stepListener = listener;
    return this;
  }

  /** Runs with these ports (task token secrets, evaluation budget) instead of the standard ones. */
  public InMemoryRunner withPorts(Ports other) {
    this.ports = other;
    return this;
  }

  /** The end state of a run: the final snapshot and (if recorded) the whole history. */
  public record Result(ExecutionSnapshot snapshot, List<HistoryEvent> events, Instant endTime) {}

  /** Runs the execution from its start to a terminal status. */
  public Result run(ExecutionSnapshot snapshot) {
    Instant now = snapshot.startTime();
    List<HistoryEvent> history = new ArrayList<>();
    Deque<Signal> signals = new ArrayDeque<>();
    Timers timers = new Timers();
    signals.add(new Signal.Started());
    while (!snapshot.status().isTerminal()) {
      Signal signal = signals.poll();
      if (signal == null) {
        Instant due = timers.nextDue();
        if (due == null) {
          throw new IllegalStateException(
              "the execution waits for something that will never happen (a task that never"
                  + " answers and has no TimeoutSeconds?)");
        }
        if (due.isAfter(now)) now = due;
        signal = new Signal.TimerFired(timers.takeNext());
      }
      StepResult result = Interpreter.step(definition, snapshot, signal, now, ports);
      if (recordHistory) history.addAll(result.events());
      stepListener.accept(result);
      for (Command command : result.commands()) {
        switch (command) {
          case Command.StartTimer t -> timers.start(t.timerId(), t.dueAt());
          case Command.CancelTimer t -> timers.cancel(t.timerId());
          case Command.CancelTask t -> {}
          case Command.StartChildExecution child ->
              signals.add(runChild(child, now, snapshot.randomSeed()));
          case Command.ReadItems read -> signals.add(new DistributedMapIo(outbound).read(read));
          case Command.WriteResults write ->
              signals.add(new DistributedMapIo(outbound).write(write));
          case Command.DispatchTask task -> {
            switch (handler.handle(task)) {
              case TaskHandler.Outcome.Success s ->
                  signals.add(new Signal.TaskSucceeded(task.taskToken(), s.output()));
              case TaskHandler.Outcome.Failure f ->
                  signals.add(new Signal.TaskFailed(task.taskToken(), f.error(), f.cause()));
              case TaskHandler.Outcome.NoAnswer n -> {}
            }
          }
        }
      }
    }
    return new Result(snapshot, history, now);
  }

  /** A distributed Map's child execution, run to its end right away on the same clock. */
  private Signal runChild(Command.StartChildExecution child, Instant now, long parentSeed) {
    StateMachineDefinition childDefinition = childDefinitions.get(child.definition());
    if (childDefinition == null) {
      try {
        childDefinition = DefinitionParser.parse(child.definition());
      } catch (DefinitionException e) {
        return new Signal.TaskFailed(child.token(), "States.Runtime", e.getMessage());
      }
      childDefinitions.put(child.definition(), childDefinition);
    }
    ExecutionSnapshot snapshot =
        localExecution("map-run", child.name(), child.input(), now, childSeed(parentSeed, child));
    if (child.express()) snapshot.asExpress();
    new InMemoryRunner(childDefinition, handler, false, outbound).withPorts(ports).run(snapshot);
    return switch (snapshot.status()) {
      case SUCCEEDED -> new Signal.TaskSucceeded(child.token(), snapshot.output());
      default -> new Signal.TaskFailed(child.token(), snapshot.error(), snapshot.cause());
    };
  }

  /**
   * The seed of a distributed Map's child execution: from the parent's secret seed and the child's
   * name, so a replay draws the child's random values again (the token is not reproducible).
   */
  public static long childSeed(long parentSeed, Command.StartChildExecution child) {
    return new java.util.SplittableRandom(parentSeed ^ child.name().hashCode()).nextLong();
  }

  /** Convenience: a snapshot with local identities for a run outside any server. */
  public static ExecutionSnapshot localExecution(
      String stateMachineName, String executionName, JsonNode input, Instant start, long seed) {
    String account = "123456789012";
    String smArn = "arn:aws:states:us-east-1:" + account + ":stateMachine:" + stateMachineName;
    String exArn =
        "arn:aws:states:us-east-1:"
            + account
            + ":execution:"
            + stateMachineName
            + ":"
            + executionName;
    return ExecutionSnapshot.create(
        exArn,
        executionName,
        smArn,
        stateMachineName,
        "arn:aws:iam::" + account + ":role/stepwise-local",
        input,
        start,
        seed);
  }
}
