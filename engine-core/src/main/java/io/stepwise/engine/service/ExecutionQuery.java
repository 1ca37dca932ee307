package io.stepwise.engine.service;

import io.stepwise.engine.interpret.ExecutionStatus;
import java.time.Instant;

/**
 * Filters for listing executions; null fields do not filter. Pages are ordered newest first and are
 * keyset-paged (the token names where the next page starts), so paging stays fast on millions of
 * executions.
 *
 * <p>{@code mapRunArn}: the children of that Map Run only. Without it, a listing across state
 * machines leaves distributed Map children out (they belong to their Map Run, as in AWS's console,
 * where a nightly Map of 10,000 items would otherwise bury everything else).
 */
public record ExecutionQuery(
    String stateMachineArn,
    ExecutionStatus status,
    String namePrefix,
    Instant startedAfter,
    Instant startedBefore,
    int pageSize,
    String pageToken,
    String mapRunArn) {

  /** A query that is not about a Map Run's children. */
  public ExecutionQuery(
      String stateMachineArn,
      ExecutionStatus status,
      String namePrefix,
      Instant startedAfter,
      Instant startedBefore,
      int pageSize,
      String pageToken) {
    this(
        stateMachineArn,
        status,
        namePrefix,
        startedAfter,
        startedBefore,
        pageSize,
        pageToken,
        null);
  }

  /** The first page of everything, {@code pageSize} at a time. */
  public static ExecutionQuery all(int pageSize) {
    return new ExecutionQuery(null, null, null, null, null, pageSize, null);
  }

  /** The children of a Map Run, newest first. */
  public static ExecutionQuery ofMapRun(
      String mapRunArn, ExecutionStatus status, int pageSize, String pageToken) {
    return new ExecutionQuery(null, status, null, null, null, pageSize, pageToken, mapRunArn);
  }
}
