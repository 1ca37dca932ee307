package io.stepwise.web.execution;

import java.time.Instant;

/**
 * One run of a state, from its StateEntered event to its end: a bar of the timeline.
 *
 * @param depth 0 for top-level states, more inside Parallel branches and Map iterations
 * @param end when it ended, or null while it runs
 */
public record StateVisit(
    String stateName,
    int depth,
    long enteredEventId,
    Instant start,
    Instant end,
    StateStatus status) {}
