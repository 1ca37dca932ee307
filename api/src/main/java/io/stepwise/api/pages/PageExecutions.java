package io.stepwise.api.pages;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.audit.AuditLog;
import io.stepwise.api.authentication.Callers;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.execution.ContentSearch;
import io.stepwise.api.execution.Execution;
import io.stepwise.api.execution.ExecutionStarter;
import io.stepwise.api.execution.Executions;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.ExecutionStatus;
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
 * engine-core's {@link ExecutionService} for web-ui and approvals: the {@link Executions} service
 * called with the page request's caller ({@link Callers#current()}), its answers turned into the
 * read models. What the caller may not see does not exist for them: describes are empty, lists
 * leave it out, histories and watches say ExecutionDoesNotExist. {@link #watch} is fed by NOTIFY,
 * so a step committed on any server process reaches viewers on every one.
 */
@ApplicationScoped
public class PageExecutions implements ExecutionService {
  private final Executions executions;
  private final Callers callers;
  private final AuditLog audit;

  public PageExecutions(Executions executions, Callers callers, AuditLog audit) {
    this.executions = executions;
    this.callers = callers;
    this.audit = audit;
  }

  @Override
  public Page<ExecutionSummary> list(ExecutionQuery q) {
    try {
      Page<Execution> page =
          executions.list(
              callers.current(),
              new Executions.Filter(
                  q.stateMachineArn(),
                  q.mapRunArn(),
                  q.status() == null ? null : q.status().name(),
                  q.namePrefix(),
                  q.startedAfter(),
                  q.startedBefore(),
                  new ContentSearch(
                      q.errorName(), q.causeContains(), q.inputContains(), q.outputContains())),
              false,
              Math.max(1, Math.min(1000, q.pageSize())),
              q.pageToken());
      return new Page<>(
          page.items().stream().map(PageExecutions::summary).toList(), page.nextToken());
    } catch (ServiceException e) {
      if (!Unseen.means(e)) throw e;
      return new Page<>(List.of(), null);
    }
  }

  static ExecutionSummary summary(Execution e) {
    return new ExecutionSummary(
        e.arn(),
        e.name(),
        e.stateMachineArn(),
        Arn.parse(e.stateMachineArn()).map(Arn::name).orElse(e.stateMachineArn()),
        ExecutionStatus.valueOf(e.status()),
        e.startTime(),
        e.stopTime(),
        e.mapRunArn(),
        e.mapRunArn() == null ? null : e.parentArn());
  }

  @Override
  public Optional<ExecutionDetail> describe(String executionArn) {
    try {
      Execution e = executions.describe(callers.current(), executionArn);
      return Optional.of(
          new ExecutionDetail(
              summary(e),
              e.input(),
              e.status().equals("SUCCEEDED") ? e.output() : null,
              e.error(),
              e.cause(),
              e.redriveCount(),
              e.versionArn(),
              e.aliasArn()));
    } catch (ServiceException e) {
      if (!Unseen.means(e)) throw e;
      return Optional.empty();
    }
  }

  @Override
  public List<HistoryEvent> history(String executionArn, long afterEventId, int max) {
    try {
      return executions.events(callers.current(), executionArn, afterEventId, max);
    } catch (ServiceException e) {
      throw Unseen.asMissing(e, executionArn);
    }
  }

  @Override
  public ExecutionSummary start(String stateMachineArn, String name, String input) {
    ExecutionStarter.Start s = executions.start(callers.current(), stateMachineArn, name, input);
    if (s.express() != null) {
      ExecutionSnapshot x = s.express();
      return new ExecutionSummary(
          x.executionArn(),
          x.executionName(),
          x.stateMachineArn(),
          x.stateMachineName(),
          ExecutionStatus.RUNNING,
          x.startTime(),
          null);
    }
    return summary(executions.describe(callers.current(), s.executionArn()));
  }

  @Override
  public void stop(String executionArn, String error, String cause) {
    audited(
        "StopExecution",
        executionArn,
        () -> executions.stop(callers.current(), executionArn, error, cause));
  }

  @Override
  public ExecutionSummary redrive(String executionArn) {
    return summary(
        audited(
            "RedriveExecution",
            executionArn,
            () -> executions.redrive(callers.current(), executionArn)));
  }

  /**
   * A change made from a page is audited as the API's endpoint audits one: the action, the
   * execution and the outcome (refusals were audited by the authorizer where it refused).
   */
  private <T> T audited(String action, String executionArn, Supplier<T> change) {
    Caller caller = callers.current();
    try {
      T result = change.get();
      record(caller, action, executionArn, "ok");
      return result;
    } catch (ServiceException e) {
      if (!e.code().equals("AccessDeniedException")) record(caller, action, executionArn, e.code());
      throw e;
    }
  }

  private void record(Caller caller, String action, String executionArn, String outcome) {
    if (caller.kind() == Caller.Kind.SYSTEM) return;
    audit.record(caller, action, executionArn, outcome, "from the web UI");
  }

  @Override
  public void requireTrialRun(String executionArn) {
    executions.requireTrialRun(callers.current(), executionArn);
  }

  @Override
  public AutoCloseable watch(String executionArn, Consumer<List<HistoryEvent>> listener) {
    try {
      return executions.watch(callers.current(), executionArn, listener);
    } catch (ServiceException e) {
      throw Unseen.asMissing(e, executionArn);
    }
  }
}
