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

  /**
   * Run a distributed Map's child execution (one item or batch) and report its end with {@link
   * Signal.TaskSucceeded} / {@link Signal.TaskFailed} carrying {@code token}.
   *
   * @param name the child execution's name
   * @param definition the item processor as a state machine definition
   * @param express whether the children are Express executions
   */
  record StartChildExecution(
      String token, String name, JsonNode definition, JsonNode input, boolean express)
      implements Command {}

  /**
   * Read a Map's items through its ItemReader and answer with {@link Signal.TaskSucceeded} (the
   * items as a JSON array) or {@link Signal.TaskFailed} ({@code States.ItemReaderFailed}).
   *
   * @param reader the ItemReader with its Parameters already evaluated
   */
  record ReadItems(String token, String stateName, JsonNode reader) implements Command {}

  /**
   * Write a Map Run's results through its ResultWriter and answer with {@link Signal.TaskSucceeded}
   * (the ResultWriterDetails) or {@link Signal.TaskFailed} ({@code States.ResultWriterFailed}).
   */
  record WriteResults(
      String token, String stateName, JsonNode writer, String mapRunArn, JsonNode results)
      implements Command {}

  /** The task is no longer wanted (timed out, cancelled branch, stopped execution). */
  record CancelTask(String taskToken) implements Command {}

  /** Signal {@link Signal.TimerFired} at that instant. */
  record StartTimer(String timerId, Instant dueAt) implements Command {}

  /** The timer is no longer wanted. */
  record CancelTimer(String timerId) implements Command {}
}
