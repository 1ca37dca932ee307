package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.asl.MapState;
import io.stepwise.engine.asl.ParallelState;
import io.stepwise.engine.asl.State;
import io.stepwise.engine.asl.StateGraph;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.json.Json;

/**
 * RedriveExecution as AWS does it: the execution goes on from the state where it stopped, with the
 * same input, and inside a Parallel or an inline Map only the branches and iterations that failed
 * or were aborted run again; those that succeeded keep their results. Each state to run again is
 * parked as if waiting for a retry whose timer is due at once, so the runtime's ordinary timer path
 * runs it. A distributed Map runs again as a whole (a new Map Run).
 */
final class Redrive {
  private final ExecutionStep step;

  private Redrive(ExecutionStep step) {
    this.step = step;
  }

  /** Whether the snapshot is an execution RedriveExecution accepts. */
  static boolean redrivable(ExecutionSnapshot s) {
    return !s.express
        && s.root != null
        && s.root.stateName != null
        && (s.status == ExecutionStatus.FAILED
            || s.status == ExecutionStatus.TIMED_OUT
            || s.status == ExecutionStatus.ABORTED);
  }

  static void apply(ExecutionStep step, StateMachineDefinition definition) {
    ExecutionSnapshot s = step.snapshot;
    s.redriveCount++;
    s.status = ExecutionStatus.RUNNING;
    s.error = null;
    s.cause = null;
    s.output = null;
    s.stopTime = null;
    ObjectNode details = Json.object();
    details.put("redriveCount", s.redriveCount);
    step.emit(null, HistoryEventType.EXECUTION_REDRIVEN, details);
    s.root.lastEventId = s.lastEventId;
    // The execution's TimeoutSeconds and maximum duration count again from the redrive.
    if (s.executionTimerId == null) s.executionTimerId = ExecutionStep.EXECUTION_TIMER;
    step.commands.add(new Command.StartTimer(s.executionTimerId, step.executionDeadline(step.now)));
    new Redrive(step).again(s.root, definition.graph());
  }

  /**
   * Makes an unfinished or unsuccessful frame run its state again, or its unsuccessful children.
   */
  private void again(Frame frame, StateGraph graph) {
    State state = graph.state(frame.stateName);
    if (frame.children != null && frame.results != null && inlineFanOut(state)) {
      if (againChildren(frame, state)) return;
    }
    frame.phase = Frame.Phase.WAITING_RETRY;
    frame.timerId = frame.id + "#redrive" + (++step.snapshot.sequence);
    frame.taskToken = null;
    frame.timeoutTimerId = null;
    frame.heartbeatTimerId = null;
    frame.error = null;
    frame.cause = null;
    frame.output = null;
    frame.children = null;
    frame.results = null;
    frame.retryAttempts = null;
    frame.retryCount = 0;
    frame.accounted = false;
    step.commands.add(new Command.StartTimer(frame.timerId, step.now));
  }

  private static boolean inlineFanOut(State state) {
    return state instanceof ParallelState
        || state instanceof MapState m && !MapRunStep.distributed(m);
  }

  /**
   * The children that did not succeed run again; false when none is left to run (the state then
   * runs again as a whole).
   */
  private boolean againChildren(Frame frame, State state) {
    int succeeded = 0;
    int again = 0;
    for (Frame child : frame.children) {
      if (child.phase == Frame.Phase.DONE) {
        succeeded++;
      } else {
        child.lastEventId = step.snapshot.lastEventId;
        again(child, FanOutStep.childGraph(state, child));
        again++;
      }
    }
    if (again == 0) return false;
    frame.phase = Frame.Phase.WAITING_CHILDREN;
    frame.finishedChildren = succeeded;
    frame.failedChildren = 0;
    frame.childFailed = false;
    frame.error = null;
    frame.cause = null;
    frame.accounted = false;
    return true;
  }
}
