package io.stepwise.api.execution;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** An execution's row: the projection of its history that DescribeExecution shows. */
public record Execution(
    String arn,
    String stateMachineArn,
    String name,
    String type,
    String status,
    String definition,
    String input,
    String output,
    String error,
    String cause,
    Instant startTime,
    Instant stopTime,
    int redriveCount,
    String versionArn,
    String aliasArn,
    String mapRunArn,
    String parentArn,
    Instant redriveTime) {

  /** AWS redrives executions that stopped within the last 14 days. */
  private static final long REDRIVE_DAYS = 14;

  /**
   * AWS's redriveStatus: REDRIVABLE, NOT_REDRIVABLE, or REDRIVABLE_BY_MAP_RUN for a Map Run's child
   * (its parent redrives it).
   */
  public String redriveStatus() {
    if (status.equals("RUNNING") || status.equals("SUCCEEDED")) return "NOT_REDRIVABLE";
    if (mapRunArn != null) return "REDRIVABLE_BY_MAP_RUN";
    if (stopTime != null && stopTime.isBefore(Instant.now().minus(REDRIVE_DAYS, ChronoUnit.DAYS))) {
      return "NOT_REDRIVABLE";
    }
    return "REDRIVABLE";
  }

  /** Why the execution cannot be redriven (when {@link #redriveStatus} says so). */
  public String redriveStatusReason() {
    return switch (status) {
      case "RUNNING" -> "Execution is RUNNING and cannot be redriven";
      case "SUCCEEDED" -> "Execution is SUCCEEDED and cannot be redriven";
      default ->
          mapRunArn != null
              ? "Child executions of a Map Run are redriven through their parent"
              : "Execution can no longer be redriven";
    };
  }
}
