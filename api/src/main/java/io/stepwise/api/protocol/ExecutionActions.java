package io.stepwise.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.arn.Arn;
import io.stepwise.api.arn.Arns;
import io.stepwise.api.execution.Execution;
import io.stepwise.api.execution.ExecutionStarter;
import io.stepwise.api.execution.Executions;
import io.stepwise.api.service.Validation;
import io.stepwise.engine.history.AwsHistoryFormat;
import io.stepwise.engine.history.HistoryEvent;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/**
 * StartExecution, StartSyncExecution, DescribeExecution, ListExecutions, StopExecution,
 * RedriveExecution, DescribeStateMachineForExecution and GetExecutionHistory, translated to {@link
 * Executions}.
 */
@ApplicationScoped
public class ExecutionActions implements ActionFamily {
  private final Executions executions;
  private final Arns arns;

  public ExecutionActions(Executions executions, Arns arns) {
    this.executions = executions;
    this.arns = arns;
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of(
        "StartExecution", Action.change(this::start),
        "StartSyncExecution", Action.change(this::startSync),
        "DescribeExecution", Action.read(this::describe),
        "ListExecutions", Action.read(this::list),
        "StopExecution", Action.change(this::stop),
        "RedriveExecution", Action.change(this::redrive),
        "DescribeStateMachineForExecution", Action.read(this::describeMachine),
        "GetExecutionHistory", Action.read(this::history));
  }

  private JsonNode start(Request r) {
    ExecutionStarter.Start started =
        executions.start(
            r.caller(),
            r.resource("stateMachineArn"),
            r.optionalString("name").orElse(null),
            r.optionalString("input").orElse("{}"));
    ObjectNode out = Json.object();
    out.put("executionArn", started.executionArn());
    out.put("startDate", AwsDates.epochSeconds(started.startDate()));
    return out;
  }

  private JsonNode startSync(Request r) {
    ExecutionSnapshot s =
        executions.startSync(
            r.caller(),
            r.resource("stateMachineArn"),
            r.optionalString("name").orElse(null),
            r.optionalString("input").orElse("{}"));
    ObjectNode out = Json.object();
    out.put("executionArn", s.executionArn());
    out.put("stateMachineArn", s.stateMachineArn());
    out.put("name", s.executionName());
    out.put("startDate", AwsDates.epochSeconds(s.startTime()));
    out.put("stopDate", AwsDates.epochSeconds(s.stopTime()));
    out.put("status", s.status().name());
    if (s.error() != null) out.put("error", s.error());
    if (s.cause() != null) out.put("cause", s.cause());
    out.put("input", Json.write(s.input()));
    out.putObject("inputDetails").put("included", true);
    if (s.output() != null) {
      out.put("output", Json.write(s.output()));
      out.putObject("outputDetails").put("included", true);
    }
    ObjectNode billing = out.putObject("billingDetails");
    billing.put("billedMemoryUsedInMB", 64);
    billing.put("billedDurationInMilliseconds", 100);
    return out;
  }

  private JsonNode describe(Request r) {
    Execution e = executions.describe(r.caller(), r.resource("executionArn"));
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
    String redrive = e.redriveStatus();
    out.put("redriveStatus", redrive);
    if (!redrive.equals("REDRIVABLE")) out.put("redriveStatusReason", e.redriveStatusReason());
    return out;
  }

  private JsonNode list(Request r) {
    String machineArn = r.optionalString("stateMachineArn").orElse(null);
    String mapRunArn = r.optionalString("mapRunArn").orElse(null);
    if ((machineArn == null) == (mapRunArn == null)) {
      throw Validation.failed("Exactly one of stateMachineArn and mapRunArn must be given");
    }
    r.audits(machineArn != null ? machineArn : mapRunArn);
    Page<Execution> page =
        executions.list(
            r.caller(),
            new Executions.Filter(
                machineArn,
                mapRunArn,
                r.optionalString("statusFilter").orElse(null),
                null,
                null,
                null),
            true,
            r.maxResults(100),
            r.nextToken(3096));
    return Listing.of(
        page,
        "executions",
        (e, item) -> {
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
          if (e.redriveTime() != null) {
            item.put("redriveDate", AwsDates.epochSeconds(e.redriveTime()));
          }
        });
  }

  private JsonNode stop(Request r) {
    String arn = r.resource("executionArn");
    Execution e =
        executions.stop(
            r.caller(),
            arn,
            r.optionalString("error", 256).orElse(null),
            r.optionalString("cause", 32768).orElse(null));
    ObjectNode out = Json.object();
    out.put("stopDate", AwsDates.epochSeconds(e.stopTime() == null ? Instant.now() : e.stopTime()));
    return out;
  }

  private JsonNode redrive(Request r) {
    String arn = r.resource("executionArn");
    r.optionalString("clientToken", 64);
    Execution after = executions.redrive(r.caller(), arn);
    ObjectNode out = Json.object();
    out.put(
        "redriveDate",
        AwsDates.epochSeconds(after.redriveTime() == null ? Instant.now() : after.redriveTime()));
    return out;
  }

  private JsonNode describeMachine(Request r) {
    Executions.WithMachine found =
        executions.describeStateMachineFor(r.caller(), r.resource("executionArn"));
    Execution e = found.execution();
    ObjectNode out = Json.object();
    out.put("stateMachineArn", e.stateMachineArn());
    out.put("name", Arn.parse(e.stateMachineArn()).map(Arn::name).orElse(e.stateMachineArn()));
    out.put("definition", e.definition());
    found
        .machine()
        .ifPresentOrElse(
            m -> {
              out.put("roleArn", m.roleArn());
              out.put("updateDate", AwsDates.epochSeconds(m.updatedAt()));
              out.set("loggingConfiguration", StateMachineActions.logging(m));
              out.set("tracingConfiguration", StateMachineActions.tracing(m));
              out.put("revisionId", m.revisionId());
            },
            () -> {
              out.put("updateDate", AwsDates.epochSeconds(e.startTime()));
              out.put("roleArn", arns.role("unknown"));
            });
    if (e.mapRunArn() != null) out.put("mapRunArn", e.mapRunArn());
    return out;
  }

  private JsonNode history(Request r) {
    boolean reverse = r.bool("reverseOrder");
    boolean includeData = r.node("includeExecutionData") == null || r.bool("includeExecutionData");
    Page<HistoryEvent> page =
        executions.history(
            r.caller(), r.resource("executionArn"), reverse, r.maxResults(100), r.nextToken(3096));
    ObjectNode out = Json.object();
    ArrayNode events = out.putArray("events");
    for (HistoryEvent event : page.items()) events.add(AwsHistoryFormat.toJson(event, includeData));
    if (page.nextToken() != null) out.put("nextToken", page.nextToken());
    return out;
  }
}
