package io.stepwise.api.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.protocol.Action;
import io.stepwise.api.protocol.ActionFamily;
import io.stepwise.api.protocol.Arns;
import io.stepwise.api.protocol.AwsDates;
import io.stepwise.api.protocol.AwsError;
import io.stepwise.api.protocol.PageToken;
import io.stepwise.api.protocol.Request;
import io.stepwise.api.runtime.PgExecutionSteps;
import io.stepwise.api.statemachine.PgStateMachines;
import io.stepwise.api.statemachine.StateMachineActions;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Interpreter;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Starting, describing, listing, stopping and redriving executions, Standard (durable, through
 * {@link PgExecutionSteps}) and Express (in memory, through {@link ExpressExecutions}).
 */
@ApplicationScoped
public class ExecutionActions implements ActionFamily {
  private static final Set<String> STATUSES =
      Set.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE");

  /** AWS redrives executions that stopped within the last 14 days. */
  private static final long REDRIVE_DAYS = 14;

  private final ExecutionStarter starter;
  private final PgStateMachines catalog;
  private final PgExecutions executions;
  private final PgExecutionSteps steps;
  private final ExpressExecutions express;
  private final Arns arns;

  public ExecutionActions(
      ExecutionStarter starter,
      PgStateMachines catalog,
      PgExecutions executions,
      PgExecutionSteps steps,
      ExpressExecutions express,
      Arns arns) {
    this.starter = starter;
    this.catalog = catalog;
    this.executions = executions;
    this.steps = steps;
    this.express = express;
    this.arns = arns;
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of(
        "StartExecution", this::start,
        "StartSyncExecution", this::startSync,
        "DescribeExecution", this::describe,
        "ListExecutions", this::list,
        "StopExecution", this::stop,
        "RedriveExecution", this::redrive,
        "DescribeStateMachineForExecution", this::describeMachine);
  }

  private JsonNode start(Request r) {
    ExecutionStarter.Start started =
        starter.start(
            r.string("stateMachineArn"),
            r.optionalString("name").orElse(null),
            r.optionalString("input").orElse("{}"),
            null,
            null);
    ObjectNode out = Json.object();
    out.put("executionArn", started.executionArn());
    out.put("startDate", AwsDates.epochSeconds(started.startDate()));
    return out;
  }

  private JsonNode startSync(Request r) {
    ExecutionStarter.Target t = starter.resolve(r.string("stateMachineArn"));
    if (t.machine().type() != StateMachineType.EXPRESS) {
      throw new AwsError(
          "StateMachineTypeNotSupported",
          "This operation is not supported by this type of state machine");
    }
    JsonNode input = ExecutionStarter.input(r.optionalString("input").orElse("{}"));
    ExecutionSnapshot s =
        express.run(
            t.definition(),
            starter.snapshot(t, r.optionalString("name").orElse(null), input, true));
    ObjectNode out = Json.object();
    out.put("executionArn", s.executionArn);
    out.put("stateMachineArn", s.stateMachineArn);
    out.put("name", s.executionName);
    out.put("startDate", AwsDates.epochSeconds(s.startTime));
    out.put("stopDate", AwsDates.epochSeconds(s.stopTime));
    out.put("status", s.status.name());
    if (s.error != null) out.put("error", s.error);
    if (s.cause != null) out.put("cause", s.cause);
    out.put("input", Json.write(s.input));
    out.putObject("inputDetails").put("included", true);
    if (s.output != null) {
      out.put("output", Json.write(s.output));
      out.putObject("outputDetails").put("included", true);
    }
    ObjectNode billing = out.putObject("billingDetails");
    billing.put("billedMemoryUsedInMB", 64);
    billing.put("billedDurationInMilliseconds", 100);
    return out;
  }

  private JsonNode describe(Request r) {
    Execution e = existing(r.string("executionArn"));
    ObjectNode out = Json.object();
    out.put("executionArn", e.arn());
    out.put("stateMachineArn", e.stateMachineArn());
    out.put("name", e.name());
    out.put("status", e.status());
    out.put("startDate", AwsDates.epochSeconds(e.startTime()));
    if (e.stopTime() != null) out.put("stopDate", AwsDates.epochSeconds(e.stopTime()));
    out.put("input", e.input());
    out.putObject("inputDetails").put("included", true);
    if (e.output() != null) {
      out.put("output", e.output());
      out.putObject("outputDetails").put("included", true);
    }
    if (e.error() != null) out.put("error", e.error());
    if (e.cause() != null) out.put("cause", e.cause());
    if (e.versionArn() != null) out.put("stateMachineVersionArn", e.versionArn());
    if (e.aliasArn() != null) out.put("stateMachineAliasArn", e.aliasArn());
    if (e.mapRunArn() != null) out.put("mapRunArn", e.mapRunArn());
    out.put("redriveCount", e.redriveCount());
    if (e.redriveTime() != null) out.put("redriveDate", AwsDates.epochSeconds(e.redriveTime()));
    String redrive = redriveStatus(e);
    out.put("redriveStatus", redrive);
    if (!redrive.equals("REDRIVABLE")) out.put("redriveStatusReason", redriveReason(e));
    return out;
  }

  private static String redriveStatus(Execution e) {
    if (e.status().equals("RUNNING") || e.status().equals("SUCCEEDED")) return "NOT_REDRIVABLE";
    if (e.mapRunArn() != null) return "REDRIVABLE_BY_MAP_RUN";
    if (e.stopTime() != null
        && e.stopTime().isBefore(Instant.now().minus(REDRIVE_DAYS, ChronoUnit.DAYS))) {
      return "NOT_REDRIVABLE";
    }
    return "REDRIVABLE";
  }

  private static String redriveReason(Execution e) {
    return switch (e.status()) {
      case "RUNNING" -> "Execution is RUNNING and cannot be redriven";
      case "SUCCEEDED" -> "Execution is SUCCEEDED and cannot be redriven";
      default ->
          e.mapRunArn() != null
              ? "Child executions of a Map Run are redriven through their parent"
              : "Execution can no longer be redriven";
    };
  }

  private JsonNode list(Request r) {
    String machineArn = r.optionalString("stateMachineArn").orElse(null);
    String mapRunArn = r.optionalString("mapRunArn").orElse(null);
    if ((machineArn == null) == (mapRunArn == null)) {
      throw AwsError.validation("Exactly one of stateMachineArn and mapRunArn must be given");
    }
    String versionOrAlias = null;
    if (machineArn != null) {
      ExecutionStarter.Target t = starter.resolve(machineArn);
      if (t.machine().type() == StateMachineType.EXPRESS) {
        throw new AwsError(
            "StateMachineTypeNotSupported",
            "This operation is not supported by this type of state machine");
      }
      Arns.Qualified q = arns.qualifiedStateMachine(machineArn);
      if (q.qualifier() != null) versionOrAlias = q.fullArn();
      machineArn = q.machineArn();
    } else if (!mapRunArn.startsWith(arns.mapRunPrefix())) {
      throw AwsError.invalidArn(mapRunArn);
    }
    String status = r.optionalString("statusFilter").orElse(null);
    if (status != null && !STATUSES.contains(status)) {
      throw AwsError.validation(
          "1 validation error detected: Value '"
              + status
              + "' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value"
              + " set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]");
    }
    int max = r.maxResults(100);
    ExecutionPageToken after =
        ExecutionPageToken.decode(r.optionalString("nextToken", 3096).orElse(null));
    List<Execution> page =
        executions.page(
            new PgExecutions.Filter(
                mapRunArn == null ? machineArn : null,
                versionOrAlias,
                mapRunArn,
                status,
                null,
                null,
                null),
            after == null ? null : after.startTime(),
            after == null ? null : after.arn(),
            max + 1);
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("executions");
    for (Execution e : page.subList(0, Math.min(max, page.size()))) {
      ObjectNode item = items.addObject();
      item.put("executionArn", e.arn());
      item.put("stateMachineArn", e.stateMachineArn());
      item.put("name", e.name());
      item.put("status", e.status());
      item.put("startDate", AwsDates.epochSeconds(e.startTime()));
      if (e.stopTime() != null) item.put("stopDate", AwsDates.epochSeconds(e.stopTime()));
      if (e.mapRunArn() != null) item.put("mapRunArn", e.mapRunArn());
      if (e.versionArn() != null) item.put("stateMachineVersionArn", e.versionArn());
      if (e.aliasArn() != null) item.put("stateMachineAliasArn", e.aliasArn());
      item.put("redriveCount", e.redriveCount());
      if (e.redriveTime() != null) item.put("redriveDate", AwsDates.epochSeconds(e.redriveTime()));
    }
    if (page.size() > max) out.put("nextToken", ExecutionPageToken.of(page.get(max - 1)).encode());
    return out;
  }

  private JsonNode stop(Request r) {
    String arn = r.string("executionArn");
    String error = r.optionalString("error", 256).orElse(null);
    String cause = r.optionalString("cause", 32768).orElse(null);
    existing(arn);
    steps.signal(arn, new Signal.StopRequested(error, cause));
    Execution e = existing(arn);
    ObjectNode out = Json.object();
    out.put("stopDate", AwsDates.epochSeconds(e.stopTime() == null ? Instant.now() : e.stopTime()));
    return out;
  }

  private JsonNode redrive(Request r) {
    String arn = r.string("executionArn");
    r.optionalString("clientToken", 64);
    redrive(arn);
    Execution after = existing(arn);
    ObjectNode out = Json.object();
    out.put(
        "redriveDate",
        AwsDates.epochSeconds(after.redriveTime() == null ? Instant.now() : after.redriveTime()));
    return out;
  }

  /** Redrives the execution or refuses with ExecutionNotRedrivable. */
  void redrive(String arn) {
    Execution e = existing(arn);
    String status = redriveStatus(e);
    if (!status.equals("REDRIVABLE")) {
      throw new AwsError(
          "ExecutionNotRedrivable",
          "Execution '" + arn + "' is not redrivable: " + redriveReason(e));
    }
    PgExecutionSteps.Outcome outcome = steps.redrive(arn, Interpreter::redrive);
    if (outcome != PgExecutionSteps.Outcome.APPLIED) {
      throw new AwsError(
          "ExecutionNotRedrivable", "Execution '" + arn + "' is not redrivable in its state");
    }
  }

  private JsonNode describeMachine(Request r) {
    Execution e = existing(r.string("executionArn"));
    String machineName = arns.stateMachineName(e.stateMachineArn());
    ObjectNode out = Json.object();
    out.put("stateMachineArn", e.stateMachineArn());
    out.put("name", machineName);
    out.put("definition", e.definition());
    catalog
        .find(e.stateMachineArn())
        .ifPresentOrElse(
            m -> {
              out.put("roleArn", m.roleArn());
              out.put("updateDate", AwsDates.epochSeconds(m.updatedAt()));
              out.set("loggingConfiguration", StateMachineActions.logging(m));
              out.set("tracingConfiguration", StateMachineActions.tracing(m));
              out.put("revisionId", m.revisionId());
            },
            () -> out.put("updateDate", AwsDates.epochSeconds(e.startTime())));
    if (!out.has("roleArn")) out.put("roleArn", "arn:aws:iam::" + arns.account() + ":role/unknown");
    if (e.mapRunArn() != null) out.put("mapRunArn", e.mapRunArn());
    return out;
  }

  /** The Standard execution an ARN names, or ExecutionDoesNotExist. */
  Execution existing(String arn) {
    Arns.ExecutionName name = arns.executionName(arn);
    if (name.express()) {
      throw new AwsError(
          "ExecutionDoesNotExist",
          "Express executions keep no record: Execution Does Not Exist: '" + arn + "'");
    }
    return executions
        .find(arn)
        .orElseThrow(
            () -> new AwsError("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'"));
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
        throw new AwsError("InvalidToken", "Invalid Token: '" + token + "'");
      }
    }
  }
}
