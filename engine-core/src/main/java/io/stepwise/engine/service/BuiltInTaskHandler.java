package io.stepwise.engine.service;

/**
 * Serves tasks of some resources inside the server instead of queueing them for workers (e.g.
 * {@code arn:aws:states:::stepwise:approval.waitForTaskToken}). The server calls it after the step
 * that dispatched the task is committed, at least once per task: handlers must be idempotent per
 * task token. The task ends when someone calls {@link TaskTokenService} with its token.
 */
public interface BuiltInTaskHandler {
  /** Whether this handler serves tasks of that resource. */
  boolean handles(String resource);

  /** A task to serve; must not block for long (send work elsewhere). */
  void dispatched(DispatchedTask task);

  /** The task is no longer wanted (timed out, execution stopped): withdraw what was offered. */
  default void cancelled(String taskToken) {}
}
