package io.stepwise.api.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.asl.StateMachineDefinition;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.interpret.Frame;
import io.stepwise.engine.interpret.Interpreter;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.interpret.StepResult;
import io.stepwise.engine.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * RedriveExecution on the stored snapshot: the engine has no redrive signal, so the top-level frame
 * that failed (or was stopped or timed out) is parked as if its state were waiting for a retry, and
 * a timer signal for that retry runs the state again with its recorded input. The step records
 * ExecutionRedriven first. Frames below the top level start over with their state (a Parallel or
 * Map runs all its branches again), which is coarser than AWS's redrive of failed iterations only.
 */
final class Redrive {
  private Redrive() {}

  static boolean redrivable(ExecutionSnapshot s) {
    return !s.express
        && s.root != null
        && s.root.stateName != null
        && (s.status == ExecutionStatus.FAILED
            || s.status == ExecutionStatus.TIMED_OUT
            || s.status == ExecutionStatus.ABORTED);
  }

  /** The redriven step, or null when the execution cannot be redriven. */
  static StepResult step(StateMachineDefinition definition, ExecutionSnapshot s, Instant now) {
    if (!redrivable(s)) return null;
    s.redriveCount++;
    s.status = ExecutionStatus.RUNNING;
    s.error = null;
    s.cause = null;
    s.output = null;
    s.stopTime = null;
    ObjectNode details = Json.object();
    details.put("redriveCount", s.redriveCount);
    HistoryEvent redriven =
        new HistoryEvent(
            s.lastEventId + 1, s.lastEventId, HistoryEventType.EXECUTION_REDRIVEN, now, details);
    s.lastEventId++;
    Frame root = s.root;
    String timer = "#redrive-" + s.redriveCount;
    root.phase = Frame.Phase.WAITING_RETRY;
    root.timerId = timer;
    root.taskToken = null;
    root.error = null;
    root.cause = null;
    root.output = null;
    root.children = null;
    root.results = null;
    root.retryAttempts = null;
    root.retryCount = 0;
    root.lastEventId = redriven.id();
    StepResult rerun = Interpreter.step(definition, s, new Signal.TimerFired(timer), now);
    List<HistoryEvent> events = new ArrayList<>();
    events.add(redriven);
    events.addAll(rerun.events());
    return new StepResult(s, events, rerun.commands());
  }
}
