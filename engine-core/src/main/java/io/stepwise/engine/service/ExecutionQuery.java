package io.stepwise.engine.service;

import io.stepwise.engine.interpret.ExecutionStatus;
import java.time.Instant;

/**
 * Filters for listing executions; null fields do not filter. Pages are ordered newest first and are
 * keyset-paged (the token names where the next page starts), so paging stays fast on millions of
 * executions.
 */
public record ExecutionQuery(
    String stateMachineArn,
    ExecutionStatus status,
    String namePrefix,
    Instant startedAfter,
    Instant startedBefore,
    int pageSize,
    String pageToken) {

  /** The first page of everything, {@code pageSize} at a time. */
  public static ExecutionQuery all(int pageSize) {
    return new ExecutionQuery(null, null, null, null, null, pageSize, null);
  }
}
