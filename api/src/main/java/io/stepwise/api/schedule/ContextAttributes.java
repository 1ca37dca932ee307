package io.stepwise.api.schedule;

import java.time.Instant;

/**
 * EventBridge Scheduler's context attributes in a target's Input, replaced for each attempt (AWS:
 * "Adding context attributes"): {@code <aws.scheduler.schedule-arn>}, {@code
 * <aws.scheduler.scheduled-time>} (the fire time, ISO 8601 in UTC), {@code
 * <aws.scheduler.execution-id>} (unique per attempt) and {@code <aws.scheduler.attempt-number>} (1
 * for the first).
 */
record ContextAttributes(String scheduleArn, Instant fireTime, String executionId, int attempt) {

  /** The input with the attributes in place; {@code {}} for a target without Input. */
  String render(String input) {
    if (input == null) return "{}";
    return input
        .replace("<aws.scheduler.schedule-arn>", scheduleArn)
        .replace("<aws.scheduler.scheduled-time>", fireTime.toString())
        .replace("<aws.scheduler.execution-id>", executionId)
        .replace("<aws.scheduler.attempt-number>", Integer.toString(attempt));
  }

  /** Stand-ins for checking an Input before any fire: it must be JSON with them in place. */
  static ContextAttributes sample(String scheduleArn) {
    return new ContextAttributes(scheduleArn, Instant.EPOCH, "0000000000000000", 1);
  }
}
