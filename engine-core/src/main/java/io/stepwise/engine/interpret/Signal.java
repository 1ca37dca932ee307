package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;

/** What happened to an execution from outside: the input of one interpreter step. */
public sealed interface Signal {
  /** The execution begins with its input (already stored in the snapshot). */
  record Started() implements Signal {}

  /** A worker or integration picked up the task (ActivityStarted). */
  record TaskStarted(String taskToken) implements Signal {}

  /** The task finished with a result. */
  record TaskSucceeded(String taskToken, JsonNode output) implements Signal {}

  /** The task failed with an error name and cause. */
  record TaskFailed(String taskToken, String error, String cause) implements Signal {}

  /** The task's worker is alive: the heartbeat timeout starts again. */
  record TaskHeartbeat(String taskToken) implements Signal {}

  /** A timer the execution asked for is due. */
  record TimerFired(String timerId) implements Signal {}

  /**
   * UpdateMapRun: a running distributed Map takes new limits (null leaves a value as it is); a
   * higher MaxConcurrency starts more child executions at once.
   */
  record MapRunUpdated(
      String mapRunArn,
      Integer maxConcurrency,
      Integer toleratedFailureCount,
      Double toleratedFailurePercentage)
      implements Signal {}

  /** StopExecution: the execution ends as ABORTED. */
  record StopRequested(String error, String cause) implements Signal {}

  /**
   * The runtime cannot carry the execution on (its server stops under an in-memory run, the runtime
   * itself failed): it ends as FAILED with States.Runtime and this cause.
   */
  record RuntimeFailed(String cause) implements Signal {}
}
