package io.stepwise.engine.service;

/**
 * What the state machines list shows of one machine's executions.
 *
 * @param latest its newest execution, or null
 * @param started executions that started since the list's moment (the last day)
 * @param succeeded of those, how many succeeded
 * @param ended of those, how many have ended (succeeded, failed, timed out or aborted)
 * @param running how many run now
 */
public record MachineActivity(
    String stateMachineArn,
    ExecutionSummary latest,
    long started,
    long succeeded,
    long ended,
    long running) {
  /** Succeeded of the ended ones, in percent; null when none has ended. */
  public Integer successRate() {
    return ended == 0 ? null : (int) Math.round(100.0 * succeeded / ended);
  }
}
