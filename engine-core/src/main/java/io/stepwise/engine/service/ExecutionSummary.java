package io.stepwise.engine.service;

import io.stepwise.engine.interpret.ExecutionStatus;
import java.time.Instant;

/**
 * An execution as lists show it; {@code stopDate} is null while it runs. A distributed Map's child
 * execution names its Map Run and the execution that runs the Map (both null for any other
 * execution), as AWS's DescribeExecution does.
 */
public record ExecutionSummary(
    String executionArn,
    String name,
    String stateMachineArn,
    String stateMachineName,
    ExecutionStatus status,
    Instant startDate,
    Instant stopDate,
    String mapRunArn,
    String parentExecutionArn) {

  /** An execution that is no Map Run's child. */
  public ExecutionSummary(
      String executionArn,
      String name,
      String stateMachineArn,
      String stateMachineName,
      ExecutionStatus status,
      Instant startDate,
      Instant stopDate) {
    this(
        executionArn,
        name,
        stateMachineArn,
        stateMachineName,
        status,
        startDate,
        stopDate,
        null,
        null);
  }

  /** Whether a distributed Map started this execution as a child of its Map Run. */
  public boolean mapRunChild() {
    return mapRunArn != null;
  }
}
