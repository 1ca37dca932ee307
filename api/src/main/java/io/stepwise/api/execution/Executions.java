package io.stepwise.api.execution;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.arn.Arns;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Permission;
import io.stepwise.api.runtime.PgExecutionSteps;
import io.stepwise.api.runtime.StepTransactions;
import io.stepwise.api.service.PageToken;
import io.stepwise.api.service.Validation;
import io.stepwise.api.statemachine.PgStateMachines;
import io.stepwise.api.statemachine.StateMachine;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Interpreter;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The execution service: start (Standard durably through {@link PgExecutionSteps}, Express in
 * memory through {@link ExpressExecutions}), describe, list, stop, redrive, histories and live
 * watches, for the AWS API and the pages alike. An execution belongs to its state machine's team:
 * each method resolves the execution (or the machine it starts) and asks the {@link Authorizer}
 * there, before anything is looked up.
 */
@ApplicationScoped
public class Executions {
  private static final Set<String> STATUSES =
      Set.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE");

  private final ExecutionStarter starter;
  private final PgExecutions executions;
  private final PgExecutionSteps steps;
  private final PgStateMachines machines;
  private final ExpressExecutions express;
  private final ExecutionWatchers watchers;
  private final Arns arns;
  private final Authorizer authorizer;

  public Executions(
      ExecutionStarter starter,
      PgExecutions executions,
      PgExecutionSteps steps,
      PgStateMachines machines,
      ExpressExecutions express,
      ExecutionWatchers watchers,
      Arns arns,
      Authorizer authorizer) {
    this.starter = starter;
    this.executions = executions;
    this.steps = steps;
    this.machines = machines;
    this.express = express;
    this.watchers = watchers;
    this.arns = arns;
    this.authorizer = authorizer;
  }

  /**
   * StartExecution: needs the operator role on the machine; {@code name} may be null for a
   * generated one, {@code input} is JSON text (null: {@code {}}).
   */
  public ExecutionStarter.Start start(
      Caller caller, String stateMachineArn, String name, String input) {
    ExecutionStarter.TargetName target = starter.name(stateMachineArn);
    authorizer.require(caller, "StartExecution", Permission.OPERATE, target.arn());
    return starter.start(
        starter.resolve(target), name, input == null ? "{}" : input, StartedBy.of(caller));
  }

  /** StartSyncExecution: runs an Express execution to its end and gives its outcome. */
  public ExecutionSnapshot startSync(
      Caller caller, String stateMachineArn, String name, String input) {
    ExecutionStarter.TargetName target = starter.name(stateMachineArn);
    authorizer.require(caller, "StartSyncExecution", Permission.OPERATE, target.arn());
    ExecutionStarter.Target t = starter.resolve(target);
    if (t.machine().type() != StateMachineType.EXPRESS) throw typeNotSupported();
    return express.run(
        t.definition(),
        starter.snapshot(t, name, ExecutionStarter.input(input == null ? "{}" : input), true));
  }

  /** DescribeExecution: a Standard execution (Express executions keep no record, as on AWS). */
  public Execution describe(Caller caller, String executionArn) {
    return existing(caller, "DescribeExecution", Permission.VIEW, executionArn);
  }

  /** What a list of executions is narrowed to; null members do not narrow it. */
  public record Filter(
      String stateMachineArn,
      String mapRunArn,
      String status,
      String namePrefix,
      Instant startedAfter,
      Instant startedBefore,
      ContentSearch content) {
    public Filter(
        String stateMachineArn,
        String mapRunArn,
        String status,
        String namePrefix,
        Instant startedAfter,
        Instant startedBefore) {
      this(
          stateMachineArn,
          mapRunArn,
          status,
          namePrefix,
          startedAfter,
          startedBefore,
          ContentSearch.NONE);
    }
  }

  /**
   * A page of executions, newest first: of a machine (or its version or alias), of a Map Run, or,
   * with neither, of every machine the caller may see, leaving Map Runs' children out (they are
   * listed by their Map Run; only the pages list across machines, AWS's ListExecutions needs one of
   * the two). {@code standardOnly}: AWS's ListExecutions refuses an Express machine (its executions
   * keep no record).
   */
  public Page<Execution> list(
      Caller caller, Filter filter, boolean standardOnly, int max, String nextToken) {
    String action = "ListExecutions";
    if (filter.status() != null && !STATUSES.contains(filter.status())) {
      throw Validation.notOneOf(
          "statusFilter",
          filter.status(),
          "[SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]");
    }
    ContentSearch content =
        filter.content() == null ? ContentSearch.NONE : filter.content().checked();
    String machine = null;
    String versionOrAlias = null;
    String mapRun = null;
    Set<String> owners = null;
    if (filter.stateMachineArn() != null) {
      ExecutionStarter.TargetName target = starter.name(filter.stateMachineArn());
      authorizer.require(caller, action, Permission.VIEW, target.arn());
      if (standardOnly && starter.resolve(target).machine().type() == StateMachineType.EXPRESS) {
        throw typeNotSupported();
      }
      machine = target.arn().stateMachine().toString();
      if (target.arn().kind() != Arn.Kind.STATE_MACHINE) versionOrAlias = target.arn().toString();
    } else if (filter.mapRunArn() != null) {
      Arn arn = arns.require(filter.mapRunArn(), Arn.Kind.MAP_RUN);
      authorizer.require(caller, action, Permission.VIEW, arn);
      mapRun = arn.toString();
    } else {
      owners = authorizer.visibleOwners(caller, action).orElse(null);
    }
    ExecutionPageToken after = ExecutionPageToken.decode(nextToken);
    List<Execution> page =
        executions.page(
            new PgExecutions.Filter(
                machine,
                versionOrAlias,
                mapRun,
                filter.status(),
                filter.namePrefix(),
                filter.startedAfter(),
                filter.startedBefore(),
                owners,
                content,
                machine == null && mapRun == null),
            after == null ? null : after.startTime(),
            after == null ? null : after.arn(),
            max + 1);
    return new Page<>(
        List.copyOf(page.subList(0, Math.min(max, page.size()))),
        page.size() > max ? ExecutionPageToken.of(page.get(max - 1)).encode() : null);
  }

  /** StopExecution: the execution ends as ABORTED; the execution as it is afterwards. */
  public Execution stop(Caller caller, String executionArn, String error, String cause) {
    Execution e = existing(caller, "StopExecution", Permission.OPERATE, executionArn);
    steps.signal(e.arn(), new Signal.StopRequested(error, cause));
    return existing(e.arn());
  }

  /**
   * RedriveExecution: a failed, timed-out or aborted execution of the last 14 days goes on from
   * where it stopped ({@link Interpreter#redrive}); ExecutionNotRedrivable otherwise.
   */
  public Execution redrive(Caller caller, String executionArn) {
    Execution e = existing(caller, "RedriveExecution", Permission.OPERATE, executionArn);
    if (!e.redriveStatus().equals("REDRIVABLE")) {
      throw new ServiceException(
          "ExecutionNotRedrivable",
          "Execution '" + e.arn() + "' is not redrivable: " + e.redriveStatusReason());
    }
    StepTransactions.Outcome outcome = steps.redrive(e.arn(), Interpreter::redrive);
    if (outcome != StepTransactions.Outcome.APPLIED) {
      throw new ServiceException(
          "ExecutionNotRedrivable", "Execution '" + e.arn() + "' is not redrivable in its state");
    }
    return existing(e.arn());
  }

  /** An execution and its state machine as the catalog has it now (empty once deleted). */
  public record WithMachine(Execution execution, Optional<StateMachine> machine) {}

  /** DescribeStateMachineForExecution: the definition the execution runs, and its machine. */
  public WithMachine describeStateMachineFor(Caller caller, String executionArn) {
    Execution e =
        existing(caller, "DescribeStateMachineForExecution", Permission.VIEW, executionArn);
    return new WithMachine(e, machines.find(e.stateMachineArn()));
  }

  /**
   * GetExecutionHistory: a page of events, oldest first unless {@code reverse}, paged by event id.
   */
  public Page<HistoryEvent> history(
      Caller caller, String executionArn, boolean reverse, int max, String nextToken) {
    Execution e = existing(caller, "GetExecutionHistory", Permission.VIEW, executionArn);
    long after = PageToken.number(nextToken, reverse ? Long.MAX_VALUE : 0);
    List<HistoryEvent> page = executions.history(e.arn(), after, reverse, max + 1);
    return new Page<>(
        List.copyOf(page.subList(0, Math.min(max, page.size()))),
        page.size() > max ? PageToken.encode(Long.toString(page.get(max - 1).id())) : null);
  }

  /** Events after {@code afterEventId}, at most {@code max}, in order (the pages' window). */
  public List<HistoryEvent> events(Caller caller, String executionArn, long afterEventId, int max) {
    Execution e = existing(caller, "GetExecutionHistory", Permission.VIEW, executionArn);
    return executions.history(e.arn(), Math.max(0, afterEventId), false, Math.max(0, max));
  }

  /** Calls the listener with each batch of new events, on any node's change, until closed. */
  public AutoCloseable watch(
      Caller caller, String executionArn, Consumer<List<HistoryEvent>> listener) {
    Execution e = existing(caller, "GetExecutionHistory", Permission.VIEW, executionArn);
    return watchers.watch(e.arn(), executions.eventCount(e.arn()), listener);
  }

  /**
   * Refuses unless the caller may run a definition of their own against the execution's recorded
   * results (replay or time travel with a pasted definition): code someone wrote, run by the
   * server, so an editor's action on the execution's team.
   */
  public void requireTrialRun(Caller caller, String executionArn) {
    Arn arn = arns.require(executionArn, Arn.Kind.EXECUTION);
    authorizer.require(caller, "ReplayExecution", Permission.EDIT, arn);
  }

  /**
   * The Standard execution, authorized for the caller's {@code action} needing {@code permission}
   * on it, or ExecutionDoesNotExist.
   */
  public Execution existing(
      Caller caller, String action, Permission permission, String executionArn) {
    Arn arn = arns.require(executionArn, Arn.Kind.EXECUTION, Arn.Kind.EXPRESS_EXECUTION);
    authorizer.require(caller, action, permission, arn);
    if (arn.kind() == Arn.Kind.EXPRESS_EXECUTION) {
      throw new ServiceException(
          "ExecutionDoesNotExist",
          "Express executions keep no record: Execution Does Not Exist: '" + executionArn + "'");
    }
    return existing(arn.toString());
  }

  private Execution existing(String arn) {
    return executions.find(arn).orElseThrow(() -> doesNotExist(arn));
  }

  static ServiceException doesNotExist(String arn) {
    return new ServiceException("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
  }

  private static ServiceException typeNotSupported() {
    return new ServiceException(
        "StateMachineTypeNotSupported",
        "This operation is not supported by this type of state machine");
  }

  /** The keyset position that ends a page of executions. */
  record ExecutionPageToken(Instant startTime, String arn) {
    static ExecutionPageToken of(Execution e) {
      return new ExecutionPageToken(e.startTime(), e.arn());
    }

    String encode() {
      return PageToken.encode(startTime.toEpochMilli() + "|" + arn);
    }

    static ExecutionPageToken decode(String token) {
      String position = PageToken.decode(token);
      if (position == null) return null;
      int bar = position.indexOf('|');
      try {
        return new ExecutionPageToken(
            Instant.ofEpochMilli(Long.parseLong(position.substring(0, bar))),
            position.substring(bar + 1));
      } catch (RuntimeException e) {
        throw PageToken.invalid(token);
      }
    }
  }
}
