package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.asl.MapState;
import io.stepwise.engine.asl.ParallelState;
import io.stepwise.engine.asl.State;
import io.stepwise.engine.asl.StateGraph;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.dataflow.jsonata.QueryErrors;
import io.stepwise.engine.error.ErrorNames;
import io.stepwise.engine.error.StatesException;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.json.Json;
import java.util.ArrayList;

/**
 * Parallel branches and inline Map iterations: child frames inside the execution's snapshot,
 * started, counted and joined here.
 */
final class FanOutStep {
  private final ExecutionStep step;

  FanOutStep(ExecutionStep step) {
    this.step = step;
  }

  /** The graph a child frame of this state runs. */
  static StateGraph childGraph(State state, Frame child) {
    return switch (state) {
      case ParallelState p -> p.branches().get(child.index);
      case MapState m -> m.itemProcessor();
      default -> throw new IllegalStateException(state.name() + " has no child frames");
    };
  }

  // ---- Parallel

  void startParallel(Frame frame, StateGraph graph, ParallelState s) {
    DataScope scope = step.scope(frame, frame.stateInput);
    JsonNode branchInput;
    if (ExecutionStep.jsonata(s)) {
      branchInput = DataFlow.output(s.arguments(), scope, frame.stateInput);
    } else {
      JsonNode effective = DataFlow.select(s.base().inputPath(), scope, frame.stateInput);
      branchInput = DataFlow.template(s.parameters(), scope.withInput(effective));
    }
    step.emit(frame, HistoryEventType.PARALLEL_STATE_STARTED, null);
    int n = s.branches().size();
    resetChildren(frame, n);
    frame.phase = Frame.Phase.WAITING_CHILDREN;
    for (int i = 0; i < n; i++) {
      Frame child = frame.child(i);
      child.lastEventId = frame.lastEventId;
      Variables.inherit(frame, child);
      frame.children.add(child);
      child.stateName = s.branches().get(i).startAt();
      child.stateInput = branchInput;
    }
    for (Frame child : frame.children) {
      if (frame.childFailed) break;
      step.run(child, s.branches().get(child.index));
      childChanged(frame, graph, s, child);
    }
    joinIfDone(frame, graph, s);
  }

  // ---- Map

  void startMap(Frame frame, StateGraph graph, MapState s) {
    DataScope scope = step.scope(frame, frame.stateInput);
    boolean jsonata = ExecutionStep.jsonata(s);
    JsonNode effective =
        jsonata ? frame.stateInput : DataFlow.select(s.base().inputPath(), scope, frame.stateInput);
    frame.effectiveInput = effective;
    if (MapRunStep.readsItems(s)) {
      step.mapRuns.requestItems(frame, s, scope.withInput(effective));
      return;
    }
    JsonNode items =
        jsonata
            ? (s.items() == null ? effective : s.items().evaluate(scope, "array"))
            : DataFlow.select(s.itemsPath(), scope, effective);
    begin(frame, graph, s, items);
  }

  /** The ItemReader's items arrived. */
  void itemsRead(Frame frame, StateGraph graph, MapState s, JsonNode items) {
    frame.taskToken = null;
    begin(frame, graph, s, items);
  }

  private void begin(Frame frame, StateGraph graph, MapState s, JsonNode items) {
    boolean jsonata = ExecutionStep.jsonata(s);
    if (!items.isArray()) {
      String cause = "Map state input must be an array but was: " + Json.write(items);
      // In JSONata the same check is a query evaluation error
      // (map/map_state_items_input_types_boolean).
      throw jsonata
          ? QueryErrors.error(cause)
          : io.stepwise.engine.error.StateEvaluationException.runtime(cause);
    }
    DataScope scope = step.scope(frame, frame.stateInput).withInput(frame.effectiveInput);
    frame.maxConcurrency = MapLimits.maxConcurrency(s, scope);
    ObjectNode details = Json.object();
    details.put("length", items.size());
    step.emit(frame, HistoryEventType.MAP_STATE_STARTED, details);
    // AWS checks the tolerance only after MapStateStarted
    // (map/map_state_tolerated_failure_count_path_1).
    frame.toleratedFailureCount = MapLimits.toleratedFailureCount(s, scope);
    frame.toleratedFailurePercentage = MapLimits.toleratedFailurePercentage(s, scope);
    boolean distributed = MapRunStep.distributed(s);
    JsonNode children = distributed ? step.mapRuns.batches(s, items, scope) : items;
    resetChildren(frame, children.size());
    frame.items = children;
    frame.batched = children != items;
    frame.phase = Frame.Phase.WAITING_CHILDREN;
    if (distributed) {
      // Distributed iterations are child executions with their own histories: the parent records
      // the Map Run only (map/map_state_config_distributed_item_selector).
      frame.mapRunArn = step.mapRuns.newMapRunArn(s);
      ObjectNode run = Json.object();
      run.put("mapRunArn", frame.mapRunArn);
      step.emit(frame, HistoryEventType.MAP_RUN_STARTED, run);
    }
    pump(frame, graph, s);
  }

  /** Starts iterations while MaxConcurrency allows, then joins if all are done. */
  private void pump(Frame frame, StateGraph graph, MapState s) {
    int total = frame.items.size();
    while (frame.nextChild < total && !frame.childFailed && running(frame) < limit(frame)) {
      int i = frame.nextChild++;
      JsonNode item = frame.items.get(i);
      Frame child = frame.child(i);
      child.lastEventId = frame.lastEventId;
      Variables.inherit(frame, child);
      child.silent = frame.silent;
      frame.children.add(child);
      if (MapRunStep.distributed(s)) {
        JsonNode input;
        if (frame.batched) {
          int offset = 0;
          for (int b = 0; b < i; b++) offset += frame.items.get(b).size();
          ArrayNode selected = Json.NODES.arrayNode(item.size());
          for (int k = 0; k < item.size(); k++)
            selected.add(select(frame, s, offset + k, item.get(k)));
          input =
              step.mapRuns.batchInput(
                  s, selected, step.scope(frame, frame.stateInput).withInput(frame.effectiveInput));
        } else {
          input = select(frame, s, i, item);
        }
        step.mapRuns.startChild(frame, child, s, input);
        continue;
      }
      JsonNode input = select(frame, s, i, item);
      step.emit(
          child, HistoryEventType.MAP_ITERATION_STARTED, EventDetails.mapIteration(s.name(), i));
      child.stateName = s.itemProcessor().startAt();
      child.stateInput = input;
      step.run(child, s.itemProcessor());
      childChanged(frame, graph, s, child);
    }
    joinIfDone(frame, graph, s);
  }

  /** One item through the ItemSelector, which sees {@code $$.Map.Item.Index} and {@code Value}. */
  private JsonNode select(Frame frame, MapState s, int index, JsonNode item) {
    if (s.itemSelector() == null) return item;
    DataScope scope =
        step.scopeWithContext(
            frame,
            frame.effectiveInput,
            () ->
                ContextObject.withMapItem(
                    ContextObject.build(step.snapshot, frame, null), index, item));
    return s.itemSelector().evaluate(scope);
  }

  private static int running(Frame frame) {
    return frame.nextChild - frame.finishedChildren;
  }

  private static int limit(Frame frame) {
    return frame.maxConcurrency <= 0 ? Integer.MAX_VALUE : frame.maxConcurrency;
  }

  // ---- children finishing

  /**
   * Accounts for a child that may have finished. Returns quietly for one still running; a failure
   * beyond tolerance aborts the other children.
   */
  void childChanged(Frame frame, StateGraph graph, State s, Frame child) {
    if (!child.isFinished() || child.accounted) return;
    child.accounted = true;
    frame.finishedChildren++;
    boolean map = s instanceof MapState;
    // The fan-out goes on from its child's last event, as the iteration's end does: AWS's next
    // iteration, success or failure follows from it (map/map_state, map/map_state_retry).
    if (!child.remote) frame.lastEventId = child.lastEventId;
    if (child.phase == Frame.Phase.DONE) {
      frame.results.set(child.index, child.output);
      if (map) {
        step.emit(
            child,
            HistoryEventType.MAP_ITERATION_SUCCEEDED,
            EventDetails.mapIteration(s.name(), child.index));
      }
      return;
    }
    frame.failedChildren++;
    if (map) {
      step.emit(
          child,
          HistoryEventType.MAP_ITERATION_FAILED,
          EventDetails.mapIteration(s.name(), child.index));
      if (withinTolerance(frame)) return;
    }
    if (!frame.childFailed) {
      frame.childFailed = true;
      boolean thresholdSet =
          map && (frame.toleratedFailureCount > 0 || frame.toleratedFailurePercentage > 0);
      frame.error = thresholdSet ? ErrorNames.EXCEED_TOLERATED_FAILURE_THRESHOLD : child.error;
      frame.cause = thresholdSet ? "The specified tolerance threshold was exceeded" : child.cause;
      for (Frame other : frame.children) {
        if (!other.isFinished()) {
          step.cancelOutstanding(other);
          other.phase = Frame.Phase.ABORTED;
          other.accounted = true;
          if (map) {
            step.emit(
                other,
                HistoryEventType.MAP_ITERATION_ABORTED,
                EventDetails.mapIteration(s.name(), other.index));
          }
        }
      }
    }
  }

  private static boolean withinTolerance(Frame frame) {
    int total = frame.items.size();
    if (frame.toleratedFailureCount >= 0 && frame.failedChildren <= frame.toleratedFailureCount) {
      return true;
    }
    return frame.toleratedFailurePercentage >= 0
        && total > 0
        && frame.failedChildren * 100.0 / total <= frame.toleratedFailurePercentage;
  }

  /** After a child changed: start more iterations or finish the state. */
  void afterChild(Frame frame, StateGraph graph, State s) {
    if (s instanceof MapState m) pump(frame, graph, m);
    else joinIfDone(frame, graph, s);
  }

  private void joinIfDone(Frame frame, StateGraph graph, State s) {
    if (frame.phase != Frame.Phase.WAITING_CHILDREN) return;
    boolean failed = frame.childFailed;
    int total = frame.results.size();
    if (!failed && frame.finishedChildren < total) return;
    boolean map = s instanceof MapState;
    boolean distributed = map && ((MapState) s).mode() == MapState.ProcessorMode.DISTRIBUTED;
    if (failed) {
      String error = frame.error;
      String cause = frame.cause;
      frame.error = null;
      frame.cause = null;
      frame.childFailed = false;
      if (distributed) step.emit(frame, HistoryEventType.MAP_RUN_FAILED, null);
      Recovery.handle(
          step,
          frame,
          graph,
          s,
          error,
          cause,
          () ->
              step.emit(
                  frame,
                  map ? HistoryEventType.MAP_STATE_FAILED : HistoryEventType.PARALLEL_STATE_FAILED,
                  null));
      return;
    }
    if (distributed) {
      try {
        DataScope scope = step.scope(frame, frame.stateInput).withInput(frame.effectiveInput);
        if (step.mapRuns.requestWrite(frame, (MapState) s, frame.results, scope)) return;
      } catch (StatesException e) {
        step.fail(frame, graph, s, e);
        return;
      }
    }
    succeed(frame, graph, s, frame.results);
  }

  /** The ResultWriter wrote the results: the Map's result says where. */
  void resultsWritten(Frame frame, StateGraph graph, MapState s, JsonNode writerDetails) {
    frame.taskToken = null;
    succeed(frame, graph, s, MapRunStep.writtenResult(frame.mapRunArn, writerDetails));
  }

  private void succeed(Frame frame, StateGraph graph, State s, JsonNode results) {
    boolean map = s instanceof MapState;
    HistoryEventType succeeded =
        map ? HistoryEventType.MAP_STATE_SUCCEEDED : HistoryEventType.PARALLEL_STATE_SUCCEEDED;
    // AWS records the fan-out's success before its ResultSelector/ResultPath run
    // (parallel/parallel_state_order, map/ cases alike). It follows from the event just before it
    // (the last iteration's end, map/map_state), and so does the state's exit; a Map Run's ends
    // follow from MapRunStarted instead, beside the state's line, and the exit from MapRunStarted
    // (map/map_state_config_distributed_item_selector_parameters: AWS's recordings since November
    // 2024).
    if (map && MapRunStep.distributed((MapState) s)) {
      long runEnd =
          step.emitAside(frame, frame.lastEventId, HistoryEventType.MAP_RUN_SUCCEEDED, null);
      step.emitAside(frame, runEnd, succeeded, null);
    } else {
      frame.lastEventId = step.snapshot.lastEventId;
      step.emitAside(frame, frame.lastEventId, succeeded, null);
    }
    try {
      DataScope assignScope;
      JsonNode output;
      if (ExecutionStep.jsonata(s)) {
        assignScope = step.scope(frame, frame.stateInput).withResult(results);
        output = DataFlow.output(s.base().output(), assignScope, results);
      } else {
        DataScope scope = step.scope(frame, results);
        JsonNode selected =
            DataFlow.template(
                map ? ((MapState) s).resultSelector() : ((ParallelState) s).resultSelector(),
                scope);
        JsonNode placed =
            DataFlow.placeResult(
                map ? ((MapState) s).resultPath() : ((ParallelState) s).resultPath(),
                frame.stateInput,
                selected,
                step.sizes);
        assignScope = scope.withInput(selected);
        output = DataFlow.select(s.base().outputPath(), scope, placed);
      }
      frame.children = null;
      frame.items = null;
      step.leave(frame, graph, s, assignScope, output);
    } catch (StatesException e) {
      step.fail(frame, graph, s, e);
    }
  }

  private static void resetChildren(Frame frame, int n) {
    frame.children = new ArrayList<>(n);
    frame.results = Json.NODES.arrayNode(n);
    for (int i = 0; i < n; i++) frame.results.addNull();
    frame.nextChild = 0;
    frame.finishedChildren = 0;
    frame.failedChildren = 0;
    frame.error = null;
    frame.cause = null;
    frame.childFailed = false;
  }
}
