package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.Resource;
import java.time.Instant;

/** What the runtime must do after a step is committed: the output of one interpreter step. */
public sealed interface Command {
  /**
   * Hand a task to whoever serves its resource. The token identifies it in every later signal.
   *
   * @param stateName the Task state
   * @param input the effective parameters sent to the resource
   * @param timeoutSeconds the state's TimeoutSeconds, or null
   * @param heartbeatSeconds the state's HeartbeatSeconds, or null
   */
  record DispatchTask(
      String taskToken,
      Resource resource,
      String stateName,
      JsonNode input,
      Integer timeoutSeconds,
      Integer heartbeatSeconds)
      implements Command {}

  /** The task is no longer wanted (timed out, cancelled branch, stopped execution). */
  record CancelTask(String taskToken) implements Command {}

  /** Signal {@link Signal.TimerFired} at that instant. */
  record StartTimer(String timerId, Instant dueAt) implements Command {}

  /** The timer is no longer wanted. */
  record CancelTimer(String timerId) implements Command {}
}
