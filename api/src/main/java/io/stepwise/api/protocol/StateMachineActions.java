package io.stepwise.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.service.Validation;
import io.stepwise.api.statemachine.StateMachine;
import io.stepwise.api.statemachine.StateMachines;
import io.stepwise.api.tag.Tag;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.asl.validate.Diagnostic;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * CreateStateMachine, DescribeStateMachine, ListStateMachines, UpdateStateMachine,
 * DeleteStateMachine and ValidateStateMachineDefinition, translated to {@link StateMachines}.
 */
@ApplicationScoped
public class StateMachineActions implements ActionFamily {
  private final StateMachines machines;

  public StateMachineActions(StateMachines machines) {
    this.machines = machines;
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of(
        "CreateStateMachine", Action.change(this::create),
        "DescribeStateMachine", Action.read(this::describe),
        "ListStateMachines", Action.read(this::list),
        "UpdateStateMachine", Action.change(this::update),
        "DeleteStateMachine", Action.change(this::delete),
        "ValidateStateMachineDefinition", Action.read(this::validate));
  }

  private JsonNode create(Request r) {
    StateMachines.Created created =
        machines.create(
            r.caller(),
            new StateMachines.NewStateMachine(
                r.string("name"),
                type(r),
                r.string("definition"),
                r.string("roleArn", 256),
                r.optionalString("description", 256).orElse(null),
                configuration(r.node("loggingConfiguration")),
                configuration(r.node("tracingConfiguration")),
                Tag.list(r.node("tags")),
                r.bool("publish"),
                r.optionalString("versionDescription", 256).orElse(null)));
    r.audits(created.machine().arn());
    if (created.team() != null) r.auditDetail("team " + created.team());
    ObjectNode out = Json.object();
    out.put("stateMachineArn", created.machine().arn());
    out.put("creationDate", AwsDates.epochSeconds(created.machine().createdAt()));
    if (created.versionArn() != null) out.put("stateMachineVersionArn", created.versionArn());
    return out;
  }

  private JsonNode describe(Request r) {
    StateMachine m = machines.describe(r.caller(), r.resource("stateMachineArn"));
    ObjectNode out = Json.object();
    out.put("stateMachineArn", m.arn());
    out.put("name", m.name());
    out.put("status", "ACTIVE");
    out.put("definition", m.definition());
    out.put("roleArn", m.roleArn());
    out.put("type", m.type().name());
    out.put("creationDate", AwsDates.epochSeconds(m.createdAt()));
    if (m.description() != null) out.put("description", m.description());
    out.set("loggingConfiguration", logging(m));
    out.set("tracingConfiguration", tracing(m));
    out.put("revisionId", m.revisionId());
    return out;
  }

  /** The logging configuration as stored, or AWS's default (OFF). */
  static JsonNode logging(StateMachine m) {
    if (m.loggingConfiguration() != null) return Json.parseTrusted(m.loggingConfiguration());
    ObjectNode off = Json.object();
    off.put("level", "OFF");
    off.put("includeExecutionData", false);
    return off;
  }

  static JsonNode tracing(StateMachine m) {
    if (m.tracingConfiguration() != null) return Json.parseTrusted(m.tracingConfiguration());
    ObjectNode off = Json.object();
    off.put("enabled", false);
    return off;
  }

  private JsonNode list(Request r) {
    Page<StateMachine> page = machines.list(r.caller(), r.maxResults(100), r.nextToken(1024));
    return Listing.of(
        page,
        "stateMachines",
        (m, item) -> {
          item.put("stateMachineArn", m.arn());
          item.put("name", m.name());
          item.put("type", m.type().name());
          item.put("creationDate", AwsDates.epochSeconds(m.createdAt()));
        });
  }

  private JsonNode update(Request r) {
    StateMachines.Updated updated =
        machines.update(
            r.caller(),
            r.resource("stateMachineArn"),
            new StateMachines.Changes(
                r.optionalString("definition").orElse(null),
                r.optionalString("roleArn", 256).orElse(null),
                configuration(r.node("loggingConfiguration")),
                configuration(r.node("tracingConfiguration")),
                r.bool("publish"),
                r.optionalString("versionDescription", 256).orElse(null)));
    ObjectNode out = Json.object();
    out.put("updateDate", AwsDates.epochSeconds(updated.machine().updatedAt()));
    out.put("revisionId", updated.machine().revisionId());
    if (updated.versionArn() != null) out.put("stateMachineVersionArn", updated.versionArn());
    return out;
  }

  private JsonNode delete(Request r) {
    machines.delete(r.caller(), r.resource("stateMachineArn"));
    return Json.object();
  }

  private JsonNode validate(Request r) {
    StateMachines.Diagnostics result =
        machines.validate(
            r.caller(),
            r.string("definition"),
            type(r),
            r.optionalString("severity").orElse("ERROR"),
            r.maxResults(100));
    ObjectNode out = Json.object();
    out.put("result", result.ok() ? "OK" : "FAIL");
    ArrayNode diagnostics = out.putArray("diagnostics");
    for (Diagnostic d : result.diagnostics()) {
      ObjectNode item = diagnostics.addObject();
      item.put("severity", d.severity().name());
      item.put("code", d.code());
      item.put("message", d.message());
      if (d.location() != null) item.put("location", d.location());
    }
    out.put("truncated", result.truncated());
    return out;
  }

  private static StateMachineType type(Request r) {
    String type = r.optionalString("type").orElse("STANDARD");
    try {
      return StateMachineType.valueOf(type);
    } catch (IllegalArgumentException e) {
      throw Validation.notOneOf("type", type, "[STANDARD, EXPRESS]");
    }
  }

  /** A logging or tracing configuration as stored (JSON text), or null when absent. */
  private static String configuration(JsonNode node) {
    if (node == null) return null;
    if (!node.isObject()) throw Validation.failed("Invalid configuration: " + Json.write(node));
    return Json.write(node);
  }
}
