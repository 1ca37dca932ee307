package io.stepwise.api.quota;

import java.util.Map;

/**
 * AWS Step Functions' default quotas of Standard workflows as token buckets (bucket size / refill
 * per second), as the AWS Step Functions Developer Guide's "Quotas" page lists them for US East (N.
 * Virginia), US West (Oregon) and Europe (Ireland): "Quotas related to state throttling" and
 * "Quotas related to API action throttling". Actions AWS does not throttle are not here
 * (StartSyncExecution, whose calls "do not contribute to the existing account capacity limits",
 * among them).
 */
final class AwsQuotas {
  private AwsQuotas() {}

  /** The quota of state transitions (not an action: steps spend it). */
  static final String STATE_TRANSITION = "StateTransition";

  static final Map<String, Limit> DEFAULTS =
      Map.ofEntries(
          Map.entry(STATE_TRANSITION, new Limit(5_000, 1_500)),
          Map.entry("StartExecution", new Limit(1_300, 300)),
          Map.entry("CreateActivity", new Limit(100, 1)),
          Map.entry("CreateStateMachine", new Limit(100, 1)),
          Map.entry("DeleteActivity", new Limit(100, 1)),
          Map.entry("DeleteStateMachine", new Limit(100, 1)),
          Map.entry("DescribeActivity", new Limit(200, 1)),
          Map.entry("DescribeExecution", new Limit(300, 15)),
          Map.entry("DescribeStateMachine", new Limit(200, 20)),
          Map.entry("DescribeStateMachineForExecution", new Limit(200, 1)),
          Map.entry("GetActivityTask", new Limit(3_000, 500)),
          Map.entry("GetExecutionHistory", new Limit(400, 20)),
          Map.entry("ListActivities", new Limit(100, 10)),
          Map.entry("ListExecutions", new Limit(200, 5)),
          Map.entry("ListStateMachines", new Limit(100, 5)),
          Map.entry("ListTagsForResource", new Limit(100, 1)),
          Map.entry("SendTaskFailure", new Limit(3_000, 500)),
          Map.entry("SendTaskHeartbeat", new Limit(3_000, 500)),
          Map.entry("SendTaskSuccess", new Limit(3_000, 500)),
          Map.entry("StopExecution", new Limit(1_000, 200)),
          Map.entry("TagResource", new Limit(200, 1)),
          Map.entry("UntagResource", new Limit(200, 1)),
          Map.entry("UpdateStateMachine", new Limit(100, 1)));
}
