package io.stepwise.web.execution;

import java.time.Instant;

/**
 * One run of a state, from its StateEntered event to its end: a bar of the timeline.
 *
 * @param depth 0 for top-level states, more inside Parallel branches and Map iterations
 * @param end when it ended, or null while it runs
 * @param iteration the index of the innermost Map iteration it ran in, or -1
 * @param exitedEventId its StateExited event, 0 if none
 * @param failureEventId its latest failure event (TaskFailed, ...), 0 if none
 * @param scheduledEventId its latest task attempt's Scheduled event, 0 if none
 * @param startedEventId that attempt's Started event (a worker took it), 0 if none
 */
public record StateVisit(
    String stateName,
    int depth,
    long enteredEventId,
    Instant start,
    Instant end,
    StateStatus status,
    int iteration,
    long exitedEventId,
    long failureEventId,
    long scheduledEventId,
    long startedEventId) {

  /** How the state panel's picker names the visit. */
  public String label() {
    return (iteration >= 0 ? "iteration " + iteration : "entered at event " + enteredEventId)
        + " · "
        + status.label();
  }
}
