package io.stepwise.engine.history;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One event of an execution's history, in AWS's shape. The history is the truth: an execution is
 * what its ordered events say.
 *
 * @param id 1-based, dense, in order of occurrence
 * @param previousEventId the event this one follows from (0 for the first)
 * @param type the event type
 * @param timestamp when it happened (the step's time)
 * @param details the type's details object (AWS's {@code ...EventDetails}), or null
 */
public record HistoryEvent(
    long id, long previousEventId, HistoryEventType type, Instant timestamp, ObjectNode details) {}
