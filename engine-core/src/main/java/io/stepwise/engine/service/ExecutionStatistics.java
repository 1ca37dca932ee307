package io.stepwise.engine.service;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the dashboard shows about the executions of one state machine, or of every machine the
 * caller may see, over a window of time cut into equal buckets.
 *
 * @param buckets the window's buckets, oldest first, each with the executions that started in it
 *     (by the status they have now) and the durations of those that ended
 * @param topErrors the errors most executions that started in the window ended with, most first
 * @param running how many executions run now (whenever they started)
 * @param oldestRunning the longest-running execution, or null
 * @param transitions states entered per minute over the last {@link #TRANSITION_MINUTES} minutes,
 *     oldest first
 */
public record ExecutionStatistics(
    Instant since,
    Duration bucket,
    List<Bucket> buckets,
    List<ErrorCount> topErrors,
    long running,
    ExecutionSummary oldestRunning,
    List<Long> transitions) {
  /** The minutes of state transitions the dashboard shows. */
  public static final int TRANSITION_MINUTES = 30;

  /** The most errors {@link #topErrors} names. */
  public static final int TOP_ERRORS = 5;

  /**
   * One bucket. Durations are in milliseconds, of the executions that started in the bucket and
   * have ended; null when none has.
   */
  public record Bucket(
      Instant start,
      long started,
      long succeeded,
      long failed,
      long timedOut,
      long aborted,
      Long p50,
      Long p95,
      Long p99) {}

  public record ErrorCount(String error, long count) {}
}
