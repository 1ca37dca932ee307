package io.stepwise.api.security;

import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.service.ExecutionDetail;
import io.stepwise.engine.service.ExecutionQuery;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The server's {@link ExecutionService} seen through the caller's teams: lists, describes,
 * histories and watches show only executions of machines the page's caller may see (another team's
 * execution does not exist for them); start, stop and redrive need the operator role on it. With no
 * caller (background work, security off) it is the service itself.
 */
@Decorator
@Priority(10)
abstract class TeamExecutions implements ExecutionService {
  @Inject @Delegate ExecutionService delegate;
  @Inject TeamScope scope;

  @Override
  public Page<ExecutionSummary> list(ExecutionQuery query) {
    if (query.stateMachineArn() != null && !scope.visible(query.stateMachineArn())) {
      return new Page<>(List.of(), null);
    }
    return scope.filter(
        query.pageToken(),
        t ->
            delegate.list(
                new ExecutionQuery(
                    query.stateMachineArn(),
                    query.status(),
                    query.namePrefix(),
                    query.startedAfter(),
                    query.startedBefore(),
                    query.pageSize(),
                    t)),
        ExecutionSummary::executionArn);
  }

  @Override
  public Optional<ExecutionDetail> describe(String executionArn) {
    if (!scope.visible(executionArn)) return Optional.empty();
    return delegate.describe(executionArn);
  }

  @Override
  public List<HistoryEvent> history(String executionArn, long afterEventId, int max) {
    visibleOrMissing(executionArn);
    return delegate.history(executionArn, afterEventId, max);
  }

  @Override
  public ExecutionSummary start(String stateMachineArn, String name, String input) {
    scope.require("page StartExecution", Permission.OPERATE, stateMachineArn);
    return delegate.start(stateMachineArn, name, input);
  }

  @Override
  public void stop(String executionArn, String error, String cause) {
    scope.require("page StopExecution", Permission.OPERATE, executionArn);
    delegate.stop(executionArn, error, cause);
  }

  @Override
  public ExecutionSummary redrive(String executionArn) {
    scope.require("page RedriveExecution", Permission.OPERATE, executionArn);
    return delegate.redrive(executionArn);
  }

  @Override
  public AutoCloseable watch(String executionArn, Consumer<List<HistoryEvent>> listener) {
    visibleOrMissing(executionArn);
    return delegate.watch(executionArn, listener);
  }

  private void visibleOrMissing(String executionArn) {
    if (!scope.visible(executionArn)) {
      throw new ServiceException(
          "ExecutionDoesNotExist", "Execution Does Not Exist: '" + executionArn + "'");
    }
  }
}
