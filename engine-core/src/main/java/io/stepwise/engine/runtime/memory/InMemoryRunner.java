package io.stepwise.engine.runtime.memory;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Interpreter;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.interpret.StepResult;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Runs one execution to its end in memory on a virtual clock: tasks go to a {@link TaskHandler},
 * and when nothing else can happen the clock jumps to the next timer, so a Wait of a day takes
 * microseconds. Used by the CLI, the conformance suite, benchmarks and Express workflows.
 */
public final class InMemoryRunner {
  private final StateMachineDefinition definition;
  private final TaskHandler handler;
  private final boolean recordHistory;

  public InMemoryRunner(StateMachineDefinition definition, TaskHandler handler, boolean recordHistory) {
    this.definition = definition;
    this.handler = handler;
    this.recordHistory = recordHistory;
  }

  /** The end state of a run: the final snapshot and (if recorded) the whole history. */
  public record Result(ExecutionSnapshot snapshot, List<HistoryEvent> events, Instant endTime) {}

  private record Timer(String id, Instant due, long order) {}

  /** Runs the execution from its start to a terminal status. */
  public Result run(ExecutionSnapshot snapshot) {
    Instant now = snapshot.startTime;
    List<HistoryEvent> history = new ArrayList<>();
    Deque<Signal> signals = new ArrayDeque<>();
    PriorityQueue<Timer> timers =
        new PriorityQueue<>(Comparator.comparing(Timer::due).thenComparingLong(Timer::order));
    Map<String, Timer> liveTimers = new HashMap<>();
    long order = 0;
    signals.add(new Signal.Started());
    while (!snapshot.status.isTerminal()) {
      Signal signal = signals.poll();
      if (signal == null) {
        Timer next = nextLiveTimer(timers, liveTimers);
        if (next == null) {
          throw new IllegalStateException(
              "the execution waits for something that will never happen (a task that never"
                  + " answers and has no TimeoutSeconds?)");
        }
        if (next.due().isAfter(now)) now = next.due();
        signal = new Signal.TimerFired(next.id());
      }
      StepResult result = Interpreter.step(definition, snapshot, signal, now);
      if (recordHistory) history.addAll(result.events());
      for (Command command : result.commands()) {
        switch (command) {
          case Command.StartTimer t -> {
            Timer timer = new Timer(t.timerId(), t.dueAt(), order++);
            liveTimers.put(t.timerId(), timer);
            timers.add(timer);
          }
          case Command.CancelTimer t -> liveTimers.remove(t.timerId());
          case Command.CancelTask t -> {}
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

  private static Timer nextLiveTimer(PriorityQueue<Timer> timers, Map<String, Timer> live) {
    while (!timers.isEmpty()) {
      Timer t = timers.poll();
      if (live.remove(t.id(), t)) return t;
    }
    return null;
  }

  /** Convenience: a snapshot with local identities for a run outside any server. */
  public static ExecutionSnapshot localExecution(
      String stateMachineName, String executionName, JsonNode input, Instant start, long seed) {
    String account = "123456789012";
    String smArn = "arn:aws:states:us-east-1:" + account + ":stateMachine:" + stateMachineName;
    String exArn =
        "arn:aws:states:us-east-1:" + account + ":execution:" + stateMachineName + ":" + executionName;
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
