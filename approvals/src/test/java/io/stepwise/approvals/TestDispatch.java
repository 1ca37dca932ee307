package io.stepwise.approvals;

import io.stepwise.engine.service.DispatchedTask;

/** How the tests hand the task handler an approval task, as the engine dispatches one. */
final class TestDispatch {
  private TestDispatch() {}

  /** Dispatches the approval task {@code token} of {@code execution} with these parameters. */
  static void approval(
      ApprovalTaskHandler handler, String token, String execution, String parameters) {
    handler.dispatched(
        new DispatchedTask(
            token,
            ApprovalTaskHandler.RESOURCE,
            "Approve order",
            execution,
            "arn:aws:states:us-east-1:123456789012:stateMachine:orders",
            parameters,
            null,
            null));
  }
}
