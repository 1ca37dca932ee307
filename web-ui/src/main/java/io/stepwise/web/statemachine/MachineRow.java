package io.stepwise.web.statemachine;

import io.stepwise.engine.service.MachineActivity;
import io.stepwise.engine.service.StateMachineSummary;
import io.stepwise.web.page.Paths;
import io.stepwise.web.page.Times;

/**
 * A state machine in the list: its newest execution, the last day's success rate and what runs now
 * ({@code activity} null: no executions).
 */
public record MachineRow(StateMachineSummary summary, MachineActivity activity) {

  public String path() {
    return Paths.stateMachine(summary.name());
  }

  public String executionsPath() {
    return "/executions?stateMachine=" + Paths.encode(summary.name());
  }

  public String runningPath() {
    return executionsPath() + "&status=RUNNING";
  }

  public boolean hasLatest() {
    return activity != null && activity.latest() != null;
  }

  public String latestPath() {
    return Paths.execution(activity.latest().executionArn());
  }

  public String latestStatusClass() {
    return "status-" + activity.latest().status().name().toLowerCase().replace('_', '-');
  }

  public String latestStarted() {
    return Times.utc(activity.latest().startDate());
  }

  /** "95% of 40 ended" or "none ended". */
  public String successRate() {
    if (activity == null || activity.successRate() == null) return "none ended";
    return activity.successRate() + "% of " + activity.ended() + " ended";
  }

  public long running() {
    return activity == null ? 0 : activity.running();
  }
}
