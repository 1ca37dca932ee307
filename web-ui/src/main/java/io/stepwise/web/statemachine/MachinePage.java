package io.stepwise.web.statemachine;

import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.web.graph.PaintedGraph;
import io.stepwise.web.page.Paths;
import io.stepwise.web.page.PrettyJson;
import java.util.List;

/**
 * One state machine's page: its graph, its definition, its latest executions and the forms to start
 * an execution and to update it.
 *
 * @param draft the definition in the update form (what was typed, after a refusal)
 */
public record MachinePage(
    StateMachineDetail machine,
    PaintedGraph graph,
    List<ExecutionSummary> executions,
    String draft,
    DefinitionCheck check) {

  public String path() {
    return Paths.stateMachine(machine.name());
  }

  public String definition() {
    return PrettyJson.of(machine.definition());
  }

  public String executionsPath() {
    return "/executions?stateMachine=" + Paths.encode(machine.name());
  }

  /** The fragment of the schedules that start this machine (loaded into the page by htmx). */
  public String schedulesPath() {
    return "/schedules/of-machine?stateMachineArn=" + Paths.encode(machine.arn());
  }

  public String executionPath(ExecutionSummary e) {
    return Paths.execution(e.executionArn());
  }

  public String statusClass(ExecutionSummary e) {
    return "status-" + e.status().name().toLowerCase().replace('_', '-');
  }
}
