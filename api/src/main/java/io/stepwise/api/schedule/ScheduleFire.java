package io.stepwise.api.schedule;

import java.time.Instant;

/**
 * One fire time of a schedule and what became of it.
 *
 * @param fireTime the time the schedule fired for ({@code <aws.scheduler.scheduled-time>})
 * @param dueAt when it is started: in its flexible window, or when it is tried again
 * @param state PENDING (not started yet), STARTED, FAILED (refused, or out of retries or time) or
 *     EXPIRED (older than the target's MaximumEventAgeInSeconds when a server got to it)
 * @param attempts the start attempts made
 * @param runNow made by "run now", not by the expression
 * @param executionArn the execution it started, null before
 * @param error the last failed attempt's error, null without one
 */
public record ScheduleFire(
    String scheduleArn,
    Instant fireTime,
    Instant dueAt,
    String state,
    int attempts,
    boolean runNow,
    String executionArn,
    String error,
    String cause,
    Instant createdAt,
    Instant finishedAt) {}
