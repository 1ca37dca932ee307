package io.stepwise.approvals;

import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.service.ExecutionDetail;
import io.stepwise.engine.service.ExecutionQuery;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The executions read model as tests need it: every execution runs unless a test stops it. */
@ApplicationScoped
public class FakeExecutions implements ExecutionService {
  private final Map<String, ExecutionStatus> statuses = new ConcurrentHashMap<>();

  public void setStatus(String executionArn, ExecutionStatus status) {
    statuses.put(executionArn, status);
  }

  @Override
  public Optional<ExecutionDetail> describe(String executionArn) {
    ExecutionStatus status = statuses.getOrDefault(executionArn, ExecutionStatus.RUNNING);
    ExecutionSummary summary =
        new ExecutionSummary(executionArn, "run", "arn:sm", "sm", status, Instant.now(), null);
    return Optional.of(new ExecutionDetail(summary, "{}", null, null, null, 0));
  }

  @Override
  public Page<ExecutionSummary> list(ExecutionQuery query) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<HistoryEvent> history(String executionArn, long afterEventId, int max) {
    return List.of();
  }

  @Override
  public ExecutionSummary start(String stateMachineArn, String name, String input) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void stop(String executionArn, String error, String cause) {
    statuses.put(executionArn, ExecutionStatus.ABORTED);
  }

  @Override
  public ExecutionSummary redrive(String executionArn) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void requireTrialRun(String executionArn) {
    throw new UnsupportedOperationException();
  }

  @Override
  public AutoCloseable watch(String executionArn, Consumer<List<HistoryEvent>> listener) {
    return () -> {};
  }
}
