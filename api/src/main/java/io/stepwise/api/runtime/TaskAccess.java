package io.stepwise.api.runtime;

/**
 * Who may answer a task, asked with what the answer's own transaction found out about it (the token
 * alone names neither): the execution and the task's resource. It refuses by throwing, which rolls
 * the transaction back, so a refused answer changes nothing and costs no extra round trip. Must not
 * block: it runs while execution rows are locked.
 */
@FunctionalInterface
public interface TaskAccess {
  /** Anyone: the server's own answers (built-in handlers, approvals' decisions). */
  TaskAccess ANYONE = (executionArn, taskResource) -> {};

  void check(String executionArn, String taskResource);
}
