package io.stepwise.web.execution;

import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.StateMachineSummary;
import io.stepwise.web.page.Paths;
import java.util.List;

/**
 * The executions list page: one keyset page of executions with the filters that made it.
 *
 * @param nextPage the query string of the next page, or null on the last
 */
public record ExecutionList(
    List<Row> rows, ExecutionFilter filter, List<StateMachineSummary> machines, String nextPage) {

  /** One execution in the list. */
  public record Row(ExecutionSummary summary) {
    public String path() {
      return Paths.execution(summary.executionArn());
    }

    public String machinePath() {
      return Paths.stateMachine(summary.stateMachineName());
    }

    public String statusClass() {
      return "status-" + summary.status().name().toLowerCase().replace('_', '-');
    }
  }

  public List<String> statuses() {
    return List.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE");
  }
}
