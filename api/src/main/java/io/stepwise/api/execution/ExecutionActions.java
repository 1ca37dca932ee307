package io.stepwise.api.execution;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.protocol.Action;
import io.stepwise.api.protocol.ActionFamily;
import io.stepwise.api.protocol.Arns;
import io.stepwise.api.protocol.AwsDates;
import io.stepwise.api.protocol.AwsError;
import io.stepwise.api.protocol.Names;
import io.stepwise.api.protocol.PageToken;
import io.stepwise.api.protocol.Request;
import io.stepwise.api.runtime.PgExecutionSteps;
import io.stepwise.api.statemachine.PgStateMachines;
import io.stepwise.api.statemachine.StateMachine;
import io.stepwise.api.statemachine.StateMachineActions;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.interpret.ExecutionSnapshot;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Starting, describing, listing and stopping executions, Standard (durable, through {@link
 * PgExecutionSteps}) and Express (in memory, through {@link ExpressExecutions}).
 */
@ApplicationScoped
public class ExecutionActions implements ActionFamily {
  /** AWS's limit on an input: 256 KiB. */
  static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  private static final Set<String> STATUSES =
      Set.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE");

  private final StateMachineActions machines;
  private final PgStateMachines catalog;
  private final PgExecutions executions;
  private final PgExecutionSteps steps;
  private final ExpressExecutions express;
  private final Arns arns;
  private final SecureRandom random = new SecureRandom();

  public ExecutionActions(
      StateMachineActions machines,
      PgStateMachines catalog,
      PgExecutions executions,
      PgExecutionSteps steps,
      ExpressExecutions express,
      Arns arns) {
    this.machines = machines;
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
        "DescribeStateMachineForExecution", this::describeMachine);
  }

  private ExecutionSnapshot newSnapshot(Request r, StateMachine m, boolean express) {
    String name =
        Names.check(r.optionalString("name").orElseGet(() -> UUID.randomUUID().toString()));
    JsonNode input = input(r);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String arn =
        express
            ? arns.expressExecution(m.name(), name, UUID.randomUUID().toString())
            : arns.execution(m.name(), name);
    return ExecutionSnapshot.create(
        arn, name, m.arn(), m.name(), m.roleArn(), input, now, random.nextLong());
  }

  private static JsonNode input(Request r) {
    String text = r.optionalString("input").orElse("{}");
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
      throw AwsError.validation(
          "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must"
              + " have length less than or equal to 262144");
    }
    try {
      return Json.parse(text);
    } catch (JsonProcessingException e) {
      throw new AwsError(
          "InvalidExecutionInput",
          "Invalid State Machine Execution Input: '" + e.getOriginalMessage() + "'");
    }
  }

  private JsonNode start(Request r) {
    StateMachine m = machines.existing(r.string("stateMachineArn"));
    ObjectNode out = Json.object();
    if (m.type() == StateMachineType.EXPRESS) {
      ExecutionSnapshot snapshot = newSnapshot(r, m, true);
      express.runAsync(m.definition(), snapshot);
      out.put("executionArn", snapshot.executionArn);
      out.put("startDate", AwsDates.epochSeconds(snapshot.startTime));
      return out;
    }
    ExecutionSnapshot snapshot = newSnapshot(r, m, false);
    PgExecutionSteps.Started started = steps.start(snapshot, m.definition(), m.type().name());
    out.put("executionArn", started.executionArn());
    out.put("startDate", AwsDates.epochSeconds(started.startDate()));
    return out;
  }

  private JsonNode startSync(Request r) {
    StateMachine m = machines.existing(r.string("stateMachineArn"));
    if (m.type() != StateMachineType.EXPRESS) {
      throw new AwsError(
          "StateMachineTypeNotSupported",
          "This operation is not supported by this type of state machine");
    }
    ExecutionSnapshot s = express.run(m.definition(), newSnapshot(r, m, true));
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
    out.put("redriveCount", e.redriveCount());
    out.put("redriveStatus", "NOT_REDRIVABLE");
    return out;
  }

  private JsonNode list(Request r) {
    StateMachine m = machines.existing(r.string("stateMachineArn"));
    if (m.type() == StateMachineType.EXPRESS) {
      throw new AwsError(
          "StateMachineTypeNotSupported",
          "This operation is not supported by this type of state machine");
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
    int offset = PageToken.offset(r.optionalString("nextToken", 3096).orElse(null));
    List<Execution> page = executions.page(m.arn(), status, offset, max + 1);
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
      item.put("redriveCount", e.redriveCount());
    }
    if (page.size() > max) out.put("nextToken", PageToken.encode(Integer.toString(offset + max)));
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
}
