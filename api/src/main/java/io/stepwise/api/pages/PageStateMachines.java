package io.stepwise.api.pages;

import io.stepwise.api.arn.Arns;
import io.stepwise.api.authentication.Callers;
import io.stepwise.api.execution.Execution;
import io.stepwise.api.execution.Executions;
import io.stepwise.api.runtime.Definitions;
import io.stepwise.api.statemachine.StateMachine;
import io.stepwise.api.statemachine.StateMachines;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.engine.service.StateMachineService;
import io.stepwise.engine.service.StateMachineSummary;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * engine-core's {@link StateMachineService} for web-ui and approvals: the {@link StateMachines}
 * service called with the page request's caller, with the parsed definition cached by text. What
 * the caller may not see does not exist for them.
 */
@ApplicationScoped
public class PageStateMachines implements StateMachineService {
  private final StateMachines machines;
  private final Executions executions;
  private final Definitions definitions;
  private final Callers callers;
  private final Arns arns;

  public PageStateMachines(
      StateMachines machines,
      Executions executions,
      Definitions definitions,
      Callers callers,
      Arns arns) {
    this.machines = machines;
    this.executions = executions;
    this.definitions = definitions;
    this.callers = callers;
    this.arns = arns;
  }

  @Override
  public Page<StateMachineSummary> list(int pageSize, String pageToken) {
    try {
      Page<StateMachine> page =
          machines.list(callers.current(), Math.max(1, Math.min(1000, pageSize)), pageToken);
      return new Page<>(
          page.items().stream()
              .map(
                  m ->
                      new StateMachineSummary(
                          m.arn(), m.name(), m.type(), m.createdAt(), m.updatedAt()))
              .toList(),
          page.nextToken());
    } catch (ServiceException e) {
      if (!Unseen.means(e)) throw e;
      return new Page<>(List.of(), null);
    }
  }

  @Override
  public Optional<StateMachineDetail> describe(String stateMachineArn) {
    if (stateMachineArn == null) return Optional.empty();
    try {
      return Optional.of(detail(machines.describe(callers.current(), stateMachineArn)));
    } catch (ServiceException e) {
      if (!Unseen.means(e)) throw e;
      return Optional.empty();
    }
  }

  /**
   * A Map Run's child runs its Map's ItemProcessor, kept with the execution (the catalog has no
   * machine {@code PARENT/LABEL}); any other execution its machine as the catalog has it now.
   */
  @Override
  public Optional<StateMachineDetail> describeForExecution(ExecutionSummary execution) {
    if (!execution.mapRunChild()) return describe(execution.stateMachineArn());
    try {
      Execution child =
          executions
              .describeStateMachineFor(callers.current(), execution.executionArn())
              .execution();
      return Optional.of(
          new StateMachineDetail(
              child.stateMachineArn(),
              execution.stateMachineName(),
              StateMachineType.STANDARD,
              child.definition(),
              definitions.parsed(child.definition()),
              null,
              child.startTime(),
              child.startTime()));
    } catch (ServiceException e) {
      if (!Unseen.means(e)) throw e;
      return Optional.empty();
    }
  }

  private StateMachineDetail detail(StateMachine m) {
    return new StateMachineDetail(
        m.arn(),
        m.name(),
        m.type(),
        m.definition(),
        definitions.parsed(m.definition()),
        m.roleArn(),
        m.createdAt(),
        m.updatedAt());
  }

  /** A page's machine gets the installation's default role (pages do not ask for one). */
  @Override
  public StateMachineDetail create(String name, String definition, StateMachineType type) {
    StateMachines.Created created =
        machines.create(
            callers.current(),
            new StateMachines.NewStateMachine(
                name,
                type == null ? StateMachineType.STANDARD : type,
                definition,
                arns.role("stepwise"),
                null,
                null,
                null,
                List.of(),
                false,
                null));
    return detail(created.machine());
  }

  @Override
  public StateMachineDetail update(String stateMachineArn, String definition) {
    return detail(
        machines
            .update(
                callers.current(),
                stateMachineArn,
                new StateMachines.Changes(definition, null, null, null, false, null))
            .machine());
  }
}
