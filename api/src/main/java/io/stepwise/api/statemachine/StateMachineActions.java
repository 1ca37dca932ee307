package io.stepwise.api.statemachine;

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
import io.stepwise.api.tag.PgTags;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.asl.validate.DefinitionValidator;
import io.stepwise.engine.asl.validate.Diagnostic;
import io.stepwise.engine.asl.validate.ValidationResult;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Create, describe, list, update, delete and validate state machines. Definitions are checked by
 * engine-core's {@link DefinitionValidator}, so the API refuses exactly what AWS refuses.
 */
@ApplicationScoped
public class StateMachineActions implements ActionFamily {
  /** AWS's limit on a definition's length. */
  static final int MAX_DEFINITION_LENGTH = 1024 * 1024;

  private final PgStateMachines machines;
  private final PgVersions versions;
  private final PgTags tags;
  private final Arns arns;

  public StateMachineActions(
      PgStateMachines machines, PgVersions versions, PgTags tags, Arns arns) {
    this.machines = machines;
    this.versions = versions;
    this.tags = tags;
    this.arns = arns;
  }

  /** CreateStateMachine and UpdateStateMachine with {@code publish}: the new version's ARN. */
  private void publishIfAsked(Request r, StateMachine m, ObjectNode out) {
    if (!r.bool("publish")) return;
    PgVersions.Version v =
        versions.publish(
            m,
            r.optionalString("versionDescription", 256).orElse(null),
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    out.put("stateMachineVersionArn", v.arn());
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of(
        "CreateStateMachine", this::create,
        "DescribeStateMachine", this::describe,
        "ListStateMachines", this::list,
        "UpdateStateMachine", this::update,
        "DeleteStateMachine", this::delete,
        "ValidateStateMachineDefinition", this::validate);
  }

  private JsonNode create(Request r) {
    String name = Names.check(r.string("name"));
    StateMachineType type = type(r);
    String definition = definition(r, type);
    String roleArn = roleArn(r.string("roleArn", 256));
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    StateMachine wanted =
        new StateMachine(
            arns.stateMachine(name),
            name,
            type,
            definition,
            roleArn,
            r.optionalString("description", 256).orElse(null),
            configuration(r.node("loggingConfiguration")),
            configuration(r.node("tracingConfiguration")),
            UUID.randomUUID().toString(),
            now,
            now);
    StateMachine stored = wanted;
    if (!machines.insert(wanted)) {
      // AWS's CreateStateMachine is idempotent: the same request again returns the same machine.
      stored = machines.find(wanted.arn()).orElseThrow(() -> alreadyExists(wanted.arn()));
      if (!stored.definition().equals(definition)
          || !stored.roleArn().equals(roleArn)
          || stored.type() != type
          || !Objects.equals(stored.loggingConfiguration(), wanted.loggingConfiguration())) {
        throw alreadyExists(wanted.arn());
      }
    } else {
      tags.put(wanted.arn(), r.node("tags"));
    }
    ObjectNode out = Json.object();
    out.put("stateMachineArn", stored.arn());
    out.put("creationDate", AwsDates.epochSeconds(stored.createdAt()));
    publishIfAsked(r, stored, out);
    return out;
  }

  private static AwsError alreadyExists(String arn) {
    return new AwsError("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
  }

  private JsonNode describe(Request r) {
    String arn = r.string("stateMachineArn");
    Arns.Qualified q = arns.qualifiedStateMachine(arn);
    StateMachine m = existing(q.machineArn());
    if (q.qualifier() != null) {
      PgVersions.Version v =
          versions
              .version(arn)
              .orElseThrow(
                  () ->
                      new AwsError(
                          "StateMachineDoesNotExist",
                          "State Machine Does Not Exist: '" + arn + "'"));
      m =
          new StateMachine(
              arn,
              m.name(),
              m.type(),
              v.definition(),
              v.roleArn(),
              v.description(),
              m.loggingConfiguration(),
              m.tracingConfiguration(),
              v.revisionId(),
              v.createdAt(),
              v.createdAt());
    }
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
  public static JsonNode logging(StateMachine m) {
    if (m.loggingConfiguration() != null) return Json.parseTrusted(m.loggingConfiguration());
    ObjectNode off = Json.object();
    off.put("level", "OFF");
    off.put("includeExecutionData", false);
    return off;
  }

  public static JsonNode tracing(StateMachine m) {
    if (m.tracingConfiguration() != null) return Json.parseTrusted(m.tracingConfiguration());
    ObjectNode off = Json.object();
    off.put("enabled", false);
    return off;
  }

  private JsonNode list(Request r) {
    int max = r.maxResults(100);
    String after = PageToken.decode(r.optionalString("nextToken", 1024).orElse(null));
    List<StateMachine> page = machines.page(after, max + 1);
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("stateMachines");
    for (StateMachine m : page.subList(0, Math.min(max, page.size()))) {
      ObjectNode item = items.addObject();
      item.put("stateMachineArn", m.arn());
      item.put("name", m.name());
      item.put("type", m.type().name());
      item.put("creationDate", AwsDates.epochSeconds(m.createdAt()));
    }
    if (page.size() > max) out.put("nextToken", PageToken.encode(page.get(max - 1).name()));
    return out;
  }

  private JsonNode update(Request r) {
    StateMachine m = existing(r.string("stateMachineArn"));
    String definition = r.node("definition") == null ? m.definition() : definition(r, m.type());
    String roleArn = r.optionalString("roleArn", 256).map(this::roleArn).orElse(m.roleArn());
    String logging =
        r.node("loggingConfiguration") == null
            ? m.loggingConfiguration()
            : configuration(r.node("loggingConfiguration"));
    String tracing =
        r.node("tracingConfiguration") == null
            ? m.tracingConfiguration()
            : configuration(r.node("tracingConfiguration"));
    if (r.node("definition") == null
        && r.node("roleArn") == null
        && r.node("loggingConfiguration") == null
        && r.node("tracingConfiguration") == null) {
      throw new AwsError(
          "MissingRequiredParameter",
          "Either the definition, the roleArn, the LoggingConfiguration, or the TracingConfiguration"
              + " must be specified");
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    StateMachine updated =
        new StateMachine(
            m.arn(),
            m.name(),
            m.type(),
            definition,
            roleArn,
            m.description(),
            logging,
            tracing,
            UUID.randomUUID().toString(),
            m.createdAt(),
            now);
    machines.update(updated);
    ObjectNode out = Json.object();
    out.put("updateDate", AwsDates.epochSeconds(now));
    out.put("revisionId", updated.revisionId());
    publishIfAsked(r, updated, out);
    return out;
  }

  private JsonNode delete(Request r) {
    String arn = r.string("stateMachineArn");
    arns.stateMachineName(arn);
    // Running executions keep their own copy of the definition, so they finish as on AWS.
    machines.delete(arn);
    tags.deleteAll(arn);
    return Json.object();
  }

  private JsonNode validate(Request r) {
    StateMachineType type = type(r);
    String text = r.string("definition");
    if (text.length() > MAX_DEFINITION_LENGTH) throw tooLong();
    int max = r.maxResults(100);
    ValidationResult result = DefinitionValidator.validate(text, type);
    String severity = r.optionalString("severity").orElse("ERROR");
    ObjectNode out = Json.object();
    out.put("result", result.ok() ? "OK" : "FAIL");
    ArrayNode diagnostics = out.putArray("diagnostics");
    int count = 0;
    boolean truncated = false;
    for (Diagnostic d : result.diagnostics()) {
      if (severity.equals("ERROR") && d.severity() != Diagnostic.Severity.ERROR) continue;
      if (count++ == max) {
        truncated = true;
        break;
      }
      ObjectNode item = diagnostics.addObject();
      item.put("severity", d.severity().name());
      item.put("code", d.code());
      item.put("message", d.message());
      if (d.location() != null) item.put("location", d.location());
    }
    out.put("truncated", truncated);
    return out;
  }

  /** The machine an ARN names, or StateMachineDoesNotExist. */
  public StateMachine existing(String arn) {
    arns.stateMachineName(arn);
    return machines
        .find(arn)
        .orElseThrow(
            () ->
                new AwsError(
                    "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'"));
  }

  private static StateMachineType type(Request r) {
    String type = r.optionalString("type").orElse("STANDARD");
    try {
      return StateMachineType.valueOf(type);
    } catch (IllegalArgumentException e) {
      throw AwsError.validation(
          "1 validation error detected: Value '"
              + type
              + "' at 'type' failed to satisfy constraint: Member must satisfy enum value set:"
              + " [STANDARD, EXPRESS]");
    }
  }

  private static String definition(Request r, StateMachineType type) {
    String text = r.string("definition");
    if (text.length() > MAX_DEFINITION_LENGTH) throw tooLong();
    ValidationResult result = DefinitionValidator.validate(text, type);
    if (!result.ok()) throw new AwsError("InvalidDefinition", result.invalidDefinitionMessage());
    return text;
  }

  private static AwsError tooLong() {
    return AwsError.validation(
        "1 validation error detected: Value at 'definition' failed to satisfy constraint: Member"
            + " must have length less than or equal to "
            + MAX_DEFINITION_LENGTH);
  }

  private String roleArn(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length != 6
        || !parts[0].equals("arn")
        || !parts[2].equals("iam")
        || !parts[5].startsWith("role/")
        || parts[5].length() <= "role/".length()) {
      throw new AwsError(
          "InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + arn + "'");
    }
    return arn;
  }

  private static String configuration(JsonNode node) {
    if (node == null) return null;
    if (!node.isObject()) throw AwsError.validation("Invalid configuration: " + Json.write(node));
    return Json.write(node);
  }
}
