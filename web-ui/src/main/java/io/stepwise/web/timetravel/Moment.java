package io.stepwise.web.timetravel;

import io.stepwise.web.execution.HistoryRow;
import io.stepwise.web.graph.PaintedGraph;
import java.util.List;

/**
 * An execution as it was right after one of its events, rebuilt by the interpreter: what the
 * time-travel panel shows.
 *
 * @param eventId the event the moment follows (1-based)
 * @param total the number of events in the history
 * @param event that event as a history row
 * @param status the execution's status at that moment
 * @param graph the graph coloured as it was then
 * @param frames the frames still running then (and the execution's own), at most {@link
 *     Moments#MAX_FRAMES}
 * @param framesHidden running frames left out of {@code frames}
 * @param finishedChildren Parallel branches and Map iterations already finished then
 * @param output the execution's output when it had succeeded by then, indented, or empty
 * @param warning why the rebuild may not match what happened, or empty
 */
public record Moment(
    String executionPath,
    long eventId,
    long total,
    HistoryRow event,
    String status,
    PaintedGraph graph,
    List<FrameView> frames,
    int framesHidden,
    int finishedChildren,
    String output,
    String error,
    String cause,
    String warning) {

  /** Whether the event enters a state, so "why did it go there" can be asked about it. */
  public boolean entersState() {
    return event != null && event.type().endsWith("StateEntered");
  }

  public boolean hasPrevious() {
    return eventId > 1;
  }

  public boolean hasNext() {
    return eventId < total;
  }
}
