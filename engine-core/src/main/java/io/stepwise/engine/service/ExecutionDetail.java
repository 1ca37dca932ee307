package io.stepwise.engine.service;

/**
 * An execution with its data: input, output (when succeeded), error and cause (when it failed), as
 * JSON text; the version it ran and the alias it was started through, when it was started through a
 * version or an alias (null otherwise), as AWS's DescribeExecution gives them.
 */
public record ExecutionDetail(
    ExecutionSummary summary,
    String input,
    String output,
    String error,
    String cause,
    int redriveCount,
    String versionArn,
    String aliasArn) {

  /** An execution started on its state machine's latest definition, not a version or an alias. */
  public ExecutionDetail(
      ExecutionSummary summary,
      String input,
      String output,
      String error,
      String cause,
      int redriveCount) {
    this(summary, input, output, error, cause, redriveCount, null, null);
  }
}
