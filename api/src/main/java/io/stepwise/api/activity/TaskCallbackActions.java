package io.stepwise.api.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.protocol.Action;
import io.stepwise.api.protocol.ActionFamily;
import io.stepwise.api.protocol.AwsError;
import io.stepwise.api.protocol.Request;
import io.stepwise.api.runtime.PgExecutionSteps;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat: the answers of workers and callbacks,
 * addressed by task token. A token this server never issued is InvalidToken; a token of a task that
 * is already closed (answered, timed out, cancelled) is TaskTimedOut, as on AWS.
 */
@ApplicationScoped
public class TaskCallbackActions implements ActionFamily {
  /** AWS's limit on a payload: 256 KiB. */
  static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  private final PgTaskQueue queue;
  private final PgExecutionSteps steps;

  public TaskCallbackActions(PgTaskQueue queue, PgExecutionSteps steps) {
    this.queue = queue;
    this.steps = steps;
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of(
        "SendTaskSuccess", this::success,
        "SendTaskFailure", this::failure,
        "SendTaskHeartbeat", this::heartbeat);
  }

  private JsonNode success(Request r) {
    String token = r.string("taskToken", 2048);
    String text = r.string("output");
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
      throw AwsError.validation(
          "1 validation error detected: Value at 'output' failed to satisfy constraint: Member"
              + " must have length less than or equal to 262144");
    }
    JsonNode output;
    try {
      output = Json.parse(text);
    } catch (JsonProcessingException e) {
      throw new AwsError("InvalidOutput", "Invalid Output: '" + e.getOriginalMessage() + "'");
    }
    deliver(token, new Signal.TaskSucceeded(token, output));
    return Json.object();
  }

  private JsonNode failure(Request r) {
    String token = r.string("taskToken", 2048);
    String error = r.optionalString("error", 256).orElse(null);
    String cause = r.optionalString("cause", 32768).orElse(null);
    deliver(token, new Signal.TaskFailed(token, error, cause));
    return Json.object();
  }

  private JsonNode heartbeat(Request r) {
    String token = r.string("taskToken", 2048);
    PgTaskQueue.TaskState task = open(token);
    queue.extendLease(token);
    deliver(task, new Signal.TaskHeartbeat(token));
    return Json.object();
  }

  private void deliver(String token, Signal signal) {
    deliver(open(token), signal);
  }

  private void deliver(PgTaskQueue.TaskState task, Signal signal) {
    switch (steps.signal(task.executionArn(), signal)) {
      case APPLIED -> {}
      case STALE -> throw timedOut();
      case NO_EXECUTION -> throw new AwsError("TaskDoesNotExist", "Task Does Not Exist");
    }
  }

  private PgTaskQueue.TaskState open(String token) {
    PgTaskQueue.TaskState task =
        queue
            .find(token)
            .orElseThrow(() -> new AwsError("InvalidToken", "Invalid Token: 'Invalid token'"));
    if (!task.open()) throw timedOut();
    return task;
  }

  private static AwsError timedOut() {
    return new AwsError("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
  }
}
