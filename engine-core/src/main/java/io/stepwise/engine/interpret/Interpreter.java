package io.stepwise.engine.interpret;

import io.stepwise.engine.asl.MapState;
import io.stepwise.engine.asl.ParallelState;
import io.stepwise.engine.asl.State;
import io.stepwise.engine.asl.StateGraph;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.asl.TaskState;
import io.stepwise.engine.asl.WaitState;
import io.stepwise.engine.error.ErrorNames;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.port.Ports;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Amazon States Language interpreter as a pure step function: {@code step(definition, snapshot,
 * signal, now)} advances the snapshot and returns the history events and commands. No I/O, no
 * clock, no threads; one interpreter serves Standard and Express, server and CLI.
 *
 * <p>Deterministic states (Pass, Choice, Succeed, Fail, data flow) run back to back within one
 * step; Task, Wait and retries park the frame until a signal comes. A signal for a task or timer
 * that is no longer awaited is ignored (at-least-once delivery is safe).
 */
public final class Interpreter {
  private Interpreter() {}

  /**
   * Applies one signal. The snapshot is advanced in place and returned in the result. {@code ports}
   * are the runtime's: task token secrets and the evaluation budget.
   */
  public static StepResult step(
      StateMachineDefinition definition,
      ExecutionSnapshot snapshot,
      Signal signal,
      Instant now,
      Ports ports) {
    ExecutionStep step = new ExecutionStep(definition, snapshot, now, ports);
    try {
      if (signal instanceof Signal.Started) {
        if (snapshot.root == null) step.start();
      } else if (!snapshot.status.isTerminal()) {
        deliver(step, signal);
      }
    } catch (HistoryLimit.Reached reached) {
      HistoryLimit.fail(step);
    }
    return new StepResult(snapshot, List.copyOf(step.events), List.copyOf(step.commands));
  }

  /**
   * RedriveExecution: a FAILED, TIMED_OUT or ABORTED execution goes on from where it stopped,
   * running again only what did not succeed (see {@link Redrive}). Returns null when the snapshot
   * cannot be redriven.
   */
  public static StepResult redrive(
      StateMachineDefinition definition, ExecutionSnapshot snapshot, Instant now, Ports ports) {
    if (!Redrive.redrivable(snapshot)) return null;
    ExecutionStep step = new ExecutionStep(definition, snapshot, now, ports);
    try {
      Redrive.apply(step, definition);
    } catch (HistoryLimit.Reached reached) {
      HistoryLimit.fail(step);
    }
    return new StepResult(snapshot, List.copyOf(step.events), List.copyOf(step.commands));
  }

  /** Whether RedriveExecution accepts the execution in this state. */
  public static boolean redrivable(ExecutionSnapshot snapshot) {
    return Redrive.redrivable(snapshot);
  }

  private static void deliver(ExecutionStep step, Signal signal) {
    ExecutionSnapshot snapshot = step.snapshot;
    switch (signal) {
      case Signal.StopRequested stop -> {
        step.terminate(
            ExecutionStatus.ABORTED,
            HistoryEventType.EXECUTION_ABORTED,
            stop.error(),
            stop.cause());
        return;
      }
      case Signal.RuntimeFailed failed -> {
        step.terminate(
            ExecutionStatus.FAILED,
            HistoryEventType.EXECUTION_FAILED,
            ErrorNames.RUNTIME,
            failed.cause());
        return;
      }
      case Signal.MapRunUpdated u -> {
        MapRunLimits.update(step, u);
        return;
      }
      case Signal.TimerFired t when t.timerId().equals(snapshot.executionTimerId) -> {
        step.terminate(
            ExecutionStatus.TIMED_OUT,
            HistoryEventType.EXECUTION_TIMED_OUT,
            ErrorNames.TIMEOUT,
            "The execution timed out");
        return;
      }
      default -> {}
    }
    String id =
        switch (signal) {
          case Signal.TaskStarted s -> s.taskToken();
          case Signal.TaskSucceeded s -> s.taskToken();
          case Signal.TaskFailed s -> s.taskToken();
          case Signal.TaskHeartbeat s -> s.taskToken();
          case Signal.TimerFired s -> s.timerId();
          default -> null;
        };
    if (id == null || id.indexOf('#') < 0) return;
    List<Frame> path = new ArrayList<>();
    List<StateGraph> graphs = new ArrayList<>();
    if (!locate(step.definition, snapshot.root, id.substring(0, id.indexOf('#')), path, graphs))
      return;
    Frame frame = path.getLast();
    StateGraph graph = graphs.getLast();
    if (!apply(step, frame, graph, signal, id)) return;
    propagate(step, path, graphs);
    step.finishExecutionIfDone();
  }

  /** Finds the frame with that id and the graph each frame on the way runs. */
  static boolean locate(
      StateMachineDefinition definition,
      Frame root,
      String frameId,
      List<Frame> path,
      List<StateGraph> graphs) {
    Frame frame = root;
    StateGraph graph = definition.graph();
    path.add(frame);
    graphs.add(graph);
    if (!frameId.isEmpty()) {
      for (String part : frameId.substring(1).split("/")) {
        int index = Integer.parseInt(part);
        if (frame.children == null || index >= frame.children.size()) return false;
        State owner = graph.state(frame.stateName);
        Frame child = frame.children.get(index);
        graph = FanOutStep.childGraph(owner, child);
        frame = child;
        path.add(frame);
        graphs.add(graph);
      }
    }
    return !frame.isFinished();
  }

  /** Applies the signal to the frame it addresses; false when the frame no longer waits for it. */
  private static boolean apply(
      ExecutionStep step, Frame frame, StateGraph graph, Signal signal, String id) {
    if (frame.remote) {
      // A distributed Map's child execution ended (or was heard from).
      if (!id.equals(frame.taskToken)) return false;
      if (!(signal instanceof Signal.TaskSucceeded) && !(signal instanceof Signal.TaskFailed)) {
        return false;
      }
      MapRunStep.childFinished(frame, signal);
      return true;
    }
    State state = graph.state(frame.stateName);
    if (state instanceof MapState map
        && id.equals(frame.taskToken)
        && (frame.phase == Frame.Phase.WAITING_ITEMS
            || frame.phase == Frame.Phase.WAITING_RESULTS)) {
      mapRunAnswer(step, frame, graph, map, signal);
      step.run(frame, graph);
      return true;
    }
    switch (signal) {
      case Signal.TimerFired t -> {
        if (id.equals(frame.timerId) && frame.phase == Frame.Phase.WAITING_RETRY) {
          frame.timerId = null;
          step.execute(frame, graph, state);
        } else if (id.equals(frame.timerId) && state instanceof WaitState w) {
          try {
            WaitStep.finish(step, frame, graph, w);
          } catch (io.stepwise.engine.error.StatesException e) {
            step.fail(frame, graph, state, e);
          }
        } else if (id.equals(frame.timeoutTimerId) && state instanceof TaskState task) {
          step.tasks.timedOut(frame, graph, task, false);
        } else if (id.equals(frame.heartbeatTimerId) && state instanceof TaskState task) {
          step.tasks.timedOut(frame, graph, task, true);
        } else {
          return false;
        }
      }
      case Signal.TaskStarted s -> {
        if (!s.taskToken().equals(frame.taskToken) || !(state instanceof TaskState task))
          return false;
        step.tasks.activityStarted(frame, task);
        return false;
      }
      case Signal.TaskHeartbeat s -> {
        if (!s.taskToken().equals(frame.taskToken)) return false;
        step.tasks.heartbeat(frame);
        return false;
      }
      case Signal.TaskSucceeded s -> {
        if (!s.taskToken().equals(frame.taskToken) || !(state instanceof TaskState task))
          return false;
        step.tasks.succeeded(frame, graph, task, s.output());
      }
      case Signal.TaskFailed s -> {
        if (!s.taskToken().equals(frame.taskToken) || !(state instanceof TaskState task))
          return false;
        step.tasks.failed(frame, graph, task, s.error(), s.cause());
      }
      default -> {
        return false;
      }
    }
    step.run(frame, graph);
    return true;
  }

  /** The runtime answered a Map's ItemReader or ResultWriter. */
  private static void mapRunAnswer(
      ExecutionStep step, Frame frame, StateGraph graph, MapState map, Signal signal) {
    boolean reading = frame.phase == Frame.Phase.WAITING_ITEMS;
    try {
      switch (signal) {
        case Signal.TaskSucceeded s -> {
          if (reading) step.fanOut.itemsRead(frame, graph, map, s.output());
          else step.fanOut.resultsWritten(frame, graph, map, s.output());
        }
        case Signal.TaskFailed f -> {
          frame.taskToken = null;
          Recovery.handle(
              step,
              frame,
              graph,
              map,
              f.error(),
              f.cause(),
              () -> step.emit(frame, HistoryEventType.MAP_STATE_FAILED, null));
        }
        default -> {}
      }
    } catch (io.stepwise.engine.error.StatesException e) {
      step.fail(frame, graph, map, e);
    }
  }

  /** Lets each ancestor of a changed frame account for it, start more work, or move on. */
  static void propagate(ExecutionStep step, List<Frame> path, List<StateGraph> graphs) {
    for (int level = path.size() - 2; level >= 0; level--) {
      Frame parent = path.get(level);
      Frame child = path.get(level + 1);
      StateGraph graph = graphs.get(level);
      if (parent.phase != Frame.Phase.WAITING_CHILDREN) return;
      State state = graph.state(parent.stateName);
      if (!(state instanceof MapState) && !(state instanceof ParallelState)) return;
      step.fanOut.childChanged(parent, graph, state, child);
      step.fanOut.afterChild(parent, graph, state);
      step.run(parent, graph);
    }
  }
}
