package io.stepwise.api.execution;

import io.stepwise.api.protocol.AwsError;
import io.stepwise.api.runtime.PgExecutionSteps;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.service.ExecutionDetail;
import io.stepwise.engine.service.ExecutionQuery;
import io.stepwise.engine.service.ExecutionService;
import io.stepwise.engine.service.ExecutionSummary;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The {@link ExecutionService} of the server over PostgreSQL, for the web UI and approvals: the
 * same code paths as the API's actions, with refusals as {@link ServiceException}s. {@link #watch}
 * is fed by NOTIFY, so a step committed on any server process reaches viewers on every one.
 */
@ApplicationScoped
public class PgExecutionService implements ExecutionService {
  private final PgExecutions store;
  private final ExecutionStarter starter;
  private final ExecutionActions actions;
  private final PgExecutionSteps steps;
  private final ExecutionWatchers watchers;

  public PgExecutionService(
      PgExecutions store,
      ExecutionStarter starter,
      ExecutionActions actions,
      PgExecutionSteps steps,
      ExecutionWatchers watchers) {
    this.store = store;
    this.starter = starter;
    this.actions = actions;
    this.steps = steps;
    this.watchers = watchers;
  }

  private static <T> T refusing(Supplier<T> call) {
    try {
      return call.get();
    } catch (AwsError e) {
      throw e.toService();
    }
  }

  @Override
  public Page<ExecutionSummary> list(ExecutionQuery q) {
    return refusing(
        () -> {
          ExecutionActions.ExecutionPageToken after =
              ExecutionActions.ExecutionPageToken.decode(q.pageToken());
          int size = Math.max(1, Math.min(1000, q.pageSize()));
          List<Execution> rows =
              store.page(
                  new PgExecutions.Filter(
                      q.stateMachineArn(),
                      null,
                      null,
                      q.status() == null ? null : q.status().name(),
                      q.namePrefix(),
                      q.startedAfter(),
                      q.startedBefore()),
                  after == null ? null : after.startTime(),
                  after == null ? null : after.arn(),
                  size + 1);
          List<ExecutionSummary> items =
              rows.subList(0, Math.min(size, rows.size())).stream()
                  .map(PgExecutionService::summary)
                  .toList();
          String next =
              rows.size() > size
                  ? ExecutionActions.ExecutionPageToken.of(rows.get(size - 1)).encode()
                  : null;
          return new Page<>(items, next);
        });
  }

  static ExecutionSummary summary(Execution e) {
    String machine = e.stateMachineArn().substring(e.stateMachineArn().lastIndexOf(':') + 1);
    return new ExecutionSummary(
        e.arn(),
        e.name(),
        e.stateMachineArn(),
        machine,
        ExecutionStatus.valueOf(e.status()),
        e.startTime(),
        e.stopTime());
  }

  @Override
  public Optional<ExecutionDetail> describe(String executionArn) {
    if (executionArn == null) return Optional.empty();
    return store
        .find(executionArn)
        .map(
            e ->
                new ExecutionDetail(
                    summary(e),
                    e.input(),
                    e.status().equals("SUCCEEDED") ? e.output() : null,
                    e.error(),
                    e.cause(),
                    e.redriveCount()));
  }

  @Override
  public List<HistoryEvent> history(String executionArn, long afterEventId, int max) {
    existing(executionArn);
    return store.history(executionArn, Math.max(0, afterEventId), false, Math.max(0, max));
  }

  @Override
  public ExecutionSummary start(String stateMachineArn, String name, String input) {
    return refusing(
        () -> {
          ExecutionStarter.Start s = starter.start(stateMachineArn, name, input, null, null);
          if (s.express() != null) {
            var x = s.express();
            return new ExecutionSummary(
                x.executionArn,
                x.executionName,
                x.stateMachineArn,
                x.stateMachineName,
                ExecutionStatus.RUNNING,
                x.startTime,
                null);
          }
          return summary(existing(s.executionArn()));
        });
  }

  @Override
  public void stop(String executionArn, String error, String cause) {
    existing(executionArn);
    steps.signal(executionArn, new Signal.StopRequested(error, cause));
  }

  @Override
  public ExecutionSummary redrive(String executionArn) {
    return refusing(
        () -> {
          actions.redrive(executionArn);
          return summary(existing(executionArn));
        });
  }

  @Override
  public AutoCloseable watch(String executionArn, Consumer<List<HistoryEvent>> listener) {
    existing(executionArn);
    long last = store.eventCount(executionArn);
    return watchers.watch(executionArn, last, listener);
  }

  private Execution existing(String arn) {
    return store
        .find(arn == null ? "" : arn)
        .orElseThrow(
            () ->
                new ServiceException(
                    "ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'"));
  }
}
