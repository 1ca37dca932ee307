package io.stepwise.engine.service;

/**
 * Resolves waiting tasks by their token, as SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat
 * do. Implemented by the server; used by its API, by approvals and by built-in task handlers.
 * Refusals are {@link ServiceException}s with AWS's names ({@code InvalidToken}, {@code
 * TaskDoesNotExist}, {@code TaskTimedOut}). Safe from any thread; may block.
 */
public interface TaskTokenService {
  /** The task succeeded with this output (JSON text). */
  void succeed(String taskToken, String output);

  /** The task failed with an error name and cause that Retry and Catch can match. */
  void fail(String taskToken, String error, String cause);

  /** The task's worker is alive: its HeartbeatSeconds start again. */
  void heartbeat(String taskToken);
}
