package io.stepwise.engine.interpret;

/** The status of an execution, as AWS names it. */
public enum ExecutionStatus {
  RUNNING,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  ABORTED,
  PENDING_REDRIVE;

  public boolean isTerminal() {
    return this != RUNNING && this != PENDING_REDRIVE;
  }
}
