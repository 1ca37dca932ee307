package io.stepwise.web.statemachine;

import io.stepwise.engine.service.StateMachineSummary;
import io.stepwise.web.page.Paths;
import java.util.List;

/** A state machine in the list, with the statuses of its latest executions. */
public record MachineRow(StateMachineSummary summary, List<Tally> recent) {

  /** How many of the latest executions have one status. */
  public record Tally(String status, int count) {
    public String cssClass() {
      return "status-" + status.toLowerCase().replace('_', '-');
    }
  }

  public String path() {
    return Paths.stateMachine(summary.name());
  }

  public String executionsPath() {
    return "/executions?stateMachine=" + Paths.encode(summary.name());
  }
}
