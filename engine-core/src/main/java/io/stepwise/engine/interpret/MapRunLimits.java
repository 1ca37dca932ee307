package io.stepwise.engine.interpret;

import io.stepwise.engine.asl.State;
import io.stepwise.engine.asl.StateGraph;
import java.util.ArrayList;
import java.util.List;

/**
 * The limits of a running distributed Map (MaxConcurrency and the tolerated failures), as
 * DescribeMapRun shows them and UpdateMapRun changes them.
 */
public record MapRunLimits(
    int maxConcurrency, int toleratedFailureCount, double toleratedFailurePercentage) {

  /** The limits of the Map Run in the snapshot, or null when no running Map has that ARN. */
  public static MapRunLimits of(ExecutionSnapshot snapshot, String mapRunArn) {
    Frame frame = find(snapshot.root, mapRunArn);
    if (frame == null) return null;
    return new MapRunLimits(
        Math.max(0, frame.maxConcurrency),
        Math.max(0, frame.toleratedFailureCount),
        Math.max(0, frame.toleratedFailurePercentage));
  }

  /** Applies UpdateMapRun to the running Map and starts the children a higher limit allows. */
  static void update(ExecutionStep step, Signal.MapRunUpdated u) {
    Frame frame = find(step.snapshot.root, u.mapRunArn());
    if (frame == null || frame.phase != Frame.Phase.WAITING_CHILDREN) return;
    List<Frame> path = new ArrayList<>();
    List<StateGraph> graphs = new ArrayList<>();
    if (!Interpreter.locate(step.definition, step.snapshot.root, frame.id, path, graphs)) return;
    if (u.maxConcurrency() != null) frame.maxConcurrency = u.maxConcurrency();
    if (u.toleratedFailureCount() != null) {
      frame.toleratedFailureCount = u.toleratedFailureCount();
    }
    if (u.toleratedFailurePercentage() != null) {
      frame.toleratedFailurePercentage = u.toleratedFailurePercentage();
    }
    StateGraph graph = graphs.getLast();
    State state = graph.state(frame.stateName);
    step.fanOut.afterChild(frame, graph, state);
    step.run(frame, graph);
    Interpreter.propagate(step, path, graphs);
    step.finishExecutionIfDone();
  }

  private static Frame find(Frame frame, String mapRunArn) {
    if (frame == null) return null;
    if (mapRunArn.equals(frame.mapRunArn) && !frame.isFinished()) return frame;
    if (frame.children == null) return null;
    for (Frame child : frame.children) {
      Frame found = find(child, mapRunArn);
      if (found != null) return found;
    }
    return null;
  }
}
