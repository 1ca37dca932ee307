package io.stepwise.api.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.runtime.PgExecutionSteps;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.TaskTokenService;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Resolves tasks by token: the one code path behind SendTaskSuccess, SendTaskFailure and
 * SendTaskHeartbeat, approvals and built-in handlers. A token this server never issued is
 * InvalidToken; a token of a task that is already closed (answered, timed out, cancelled) is
 * TaskTimedOut, as on AWS. Tokens of Express tasks ({@link ExpressTaskQueue}) are answered in
 * memory. Refusals are {@link ServiceException}s with AWS's names.
 */
@ApplicationScoped
public class PgTaskTokenService implements TaskTokenService {
  /** AWS's limit on a payload: 256 KiB. */
  static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  private final PgTaskQueue queue;
  private final PgExecutionSteps steps;
  private final ExpressTaskQueue express;

  public PgTaskTokenService(PgTaskQueue queue, PgExecutionSteps steps, ExpressTaskQueue express) {
    this.queue = queue;
    this.steps = steps;
    this.express = express;
  }

  @Override
  public void succeed(String taskToken, String output) {
    if (output == null) output = "null";
    if (output.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
      throw new ServiceException(
          "ValidationException",
          "1 validation error detected: Value at 'output' failed to satisfy constraint: Member"
              + " must have length less than or equal to 262144");
    }
    JsonNode parsed;
    try {
      parsed = Json.parse(output);
    } catch (JsonProcessingException e) {
      throw new ServiceException(
          "InvalidOutput", "Invalid Output: '" + e.getOriginalMessage() + "'");
    }
    answer(taskToken, new Signal.TaskSucceeded(taskToken, parsed));
  }

  @Override
  public void fail(String taskToken, String error, String cause) {
    answer(taskToken, new Signal.TaskFailed(taskToken, error, cause));
  }

  @Override
  public void heartbeat(String taskToken) {
    Signal heartbeat = new Signal.TaskHeartbeat(taskToken);
    if (express.answerLocal(taskToken, heartbeat)) return;
    checkFormat(taskToken);
    Optional<PgTaskQueue.TaskState> task = queue.find(taskToken);
    if (task.isEmpty()) {
      if (express.answerRemote(taskToken, heartbeat)) return;
      throw invalidToken();
    }
    if (!task.get().open()) throw timedOut();
    queue.extendLease(taskToken);
    deliver(task.get(), heartbeat);
  }

  /**
   * A success or failure: an Express task of this server's is answered in memory; a durable task is
   * found, checked and applied in one transaction; only a token that is neither is looked for among
   * the Express tasks of other servers (so durable answers pay no Express lookup).
   */
  private void answer(String taskToken, Signal signal) {
    if (express.answerLocal(taskToken, signal)) return;
    checkFormat(taskToken);
    switch (steps.answerTask(taskToken, signal)) {
      case APPLIED -> {}
      case STALE -> throw timedOut();
      case NO_EXECUTION -> {
        if (!express.answerRemote(taskToken, signal)) throw invalidToken();
      }
    }
  }

  private void deliver(PgTaskQueue.TaskState task, Signal signal) {
    switch (steps.signal(task.executionArn(), signal)) {
      case APPLIED -> {}
      case STALE -> throw timedOut();
      case NO_EXECUTION -> throw new ServiceException("TaskDoesNotExist", "Task Does Not Exist");
    }
  }

  private static void checkFormat(String token) {
    if (token == null || token.isEmpty()) throw invalidToken();
  }

  private static ServiceException invalidToken() {
    return new ServiceException("InvalidToken", "Invalid Token: 'Invalid token'");
  }

  private static ServiceException timedOut() {
    return new ServiceException(
        "TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
  }
}
