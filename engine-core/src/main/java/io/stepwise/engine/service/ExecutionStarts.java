package io.stepwise.engine.service;

import java.util.List;

/**
 * Who started an execution, as the server recorded it at StartExecution: what a built-in task needs
 * to keep the starter from approving their own work.
 */
public interface ExecutionStarts {
  /**
   * The starter's identities: the signed-in user's or access key owner's name, and their verified
   * mail address when known; empty when nobody is recorded (a nested or system start, or a server
   * without identities).
   */
  List<String> startedBy(String executionArn);
}
