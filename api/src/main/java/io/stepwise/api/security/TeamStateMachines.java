package io.stepwise.api.security;

import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.engine.service.StateMachineService;
import io.stepwise.engine.service.StateMachineSummary;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The server's {@link StateMachineService} seen through the caller's teams: lists and describes
 * show only the machines the {@link Authorizer} lets the page's caller see (an admin sees all);
 * create needs the editor role and records the new machine's team, update needs it on the machine.
 * web-ui and approvals use the service unchanged.
 */
@Decorator
@Priority(10)
abstract class TeamStateMachines implements StateMachineService {
  @Inject @Delegate StateMachineService delegate;
  @Inject TeamScope scope;

  @Override
  public Page<StateMachineSummary> list(int pageSize, String pageToken) {
    return scope.filter(pageToken, t -> delegate.list(pageSize, t), StateMachineSummary::arn);
  }

  @Override
  public Optional<StateMachineDetail> describe(String stateMachineArn) {
    if (!scope.visible(stateMachineArn)) return Optional.empty();
    return delegate.describe(stateMachineArn);
  }

  @Override
  public StateMachineDetail create(String name, String definition, StateMachineType type) {
    String team = scope.teamForNew("page CreateStateMachine");
    StateMachineDetail created = delegate.create(name, definition, type);
    scope.assign(created.arn(), team);
    return created;
  }

  @Override
  public StateMachineDetail update(String stateMachineArn, String definition) {
    scope.require("page UpdateStateMachine", Permission.EDIT, stateMachineArn);
    return delegate.update(stateMachineArn, definition);
  }
}
