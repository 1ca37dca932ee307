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
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * State machine versions (publish, list, delete) and aliases (create, describe, update, delete,
 * list). An alias routes StartExecution to one or two versions of its machine by weight.
 */
@ApplicationScoped
public class VersionActions implements ActionFamily {
  private final StateMachineActions machines;
  private final PgVersions versions;
  private final Arns arns;

  public VersionActions(StateMachineActions machines, PgVersions versions, Arns arns) {
    this.machines = machines;
    this.versions = versions;
    this.arns = arns;
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of(
        "PublishStateMachineVersion", this::publish,
        "ListStateMachineVersions", this::listVersions,
        "DeleteStateMachineVersion", this::deleteVersion,
        "CreateStateMachineAlias", this::createAlias,
        "DescribeStateMachineAlias", this::describeAlias,
        "UpdateStateMachineAlias", this::updateAlias,
        "DeleteStateMachineAlias", this::deleteAlias,
        "ListStateMachineAliases", this::listAliases);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private JsonNode publish(Request r) {
    StateMachine m = machines.existing(r.string("stateMachineArn"));
    String revision = r.optionalString("revisionId").orElse(null);
    if (revision != null && !revision.equals(m.revisionId())) {
      throw new AwsError(
          "ConflictException",
          "The revisionId '" + revision + "' does not match the state machine's current revision");
    }
    PgVersions.Version v =
        versions.publish(m, r.optionalString("description", 256).orElse(null), now());
    ObjectNode out = Json.object();
    out.put("creationDate", AwsDates.epochSeconds(v.createdAt()));
    out.put("stateMachineVersionArn", v.arn());
    return out;
  }

  private JsonNode listVersions(Request r) {
    StateMachine m = machines.existing(r.string("stateMachineArn"));
    int max = r.maxResults(100);
    String position = PageToken.decode(r.optionalString("nextToken", 1024).orElse(null));
    int before;
    try {
      before = position == null ? 0 : Integer.parseInt(position);
    } catch (NumberFormatException e) {
      throw new AwsError("InvalidToken", "Invalid Token: '" + position + "'");
    }
    List<PgVersions.Version> page = versions.versions(m.arn(), before, max + 1);
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("stateMachineVersions");
    for (PgVersions.Version v : page.subList(0, Math.min(max, page.size()))) {
      ObjectNode item = items.addObject();
      item.put("stateMachineVersionArn", v.arn());
      item.put("creationDate", AwsDates.epochSeconds(v.createdAt()));
    }
    if (page.size() > max) {
      out.put("nextToken", PageToken.encode(Integer.toString(page.get(max - 1).version())));
    }
    return out;
  }

  private JsonNode deleteVersion(Request r) {
    String arn = r.string("stateMachineVersionArn");
    Arns.Qualified q = arns.qualifiedStateMachine(arn);
    if (q.qualifier() == null || !q.qualifier().chars().allMatch(Character::isDigit)) {
      throw AwsError.invalidArn(arn);
    }
    List<PgVersions.Alias> routing = versions.aliasesRoutingTo(arn);
    if (!routing.isEmpty()) {
      throw new AwsError(
          "ConflictException",
          "Version to be deleted must not be referenced by an alias. Current list of aliases"
              + " referencing this version: ["
              + routing.getFirst().name()
              + "]");
    }
    versions.deleteVersion(arn);
    return Json.object();
  }

  private JsonNode createAlias(Request r) {
    String name = aliasName(r.string("name"));
    String description = r.optionalString("description", 256).orElse(null);
    JsonNode routing = routing(r.node("routingConfiguration"));
    String machineArn =
        arns.qualifiedStateMachine(routing.get(0).path("stateMachineVersionArn").asText())
            .machineArn();
    String aliasArn = machineArn + ":" + name;
    Instant now = now();
    PgVersions.Alias alias =
        new PgVersions.Alias(
            aliasArn, machineArn, name, description, Json.write(routing), now, now);
    if (!versions.insertAlias(alias)) {
      PgVersions.Alias existing = versions.alias(aliasArn).orElseThrow();
      if (!existing.routing().equals(alias.routing())
          || !java.util.Objects.equals(existing.description(), description)) {
        throw new AwsError(
            "ConflictException",
            "Failed to create alias because an alias with the same name and"
                + " a different routing configuration already exists.");
      }
      alias = existing;
    }
    ObjectNode out = Json.object();
    out.put("stateMachineAliasArn", alias.arn());
    out.put("creationDate", AwsDates.epochSeconds(alias.createdAt()));
    return out;
  }

  /** AWS's alias names: a name that is not all digits (those are version numbers). */
  private static String aliasName(String name) {
    Names.check(name);
    if (name.chars().allMatch(Character::isDigit) || name.length() > 80) {
      throw AwsError.validation(
          "1 validation error detected: Value '"
              + name
              + "' at 'name' failed to satisfy constraint: Member must satisfy regular expression"
              + " pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$");
    }
    return name;
  }

  /**
   * AWS's routing rules: one or two versions of one machine, weights 0 to 100 adding up to 100,
   * every version published.
   */
  private JsonNode routing(JsonNode routing) {
    if (routing == null || !routing.isArray() || routing.isEmpty() || routing.size() > 2) {
      throw AwsError.validation(
          "1 validation error detected: Value at 'routingConfiguration' failed to satisfy"
              + " constraint: Member must have length between 1 and 2");
    }
    int total = 0;
    Set<String> seen = new HashSet<>();
    String machine = null;
    ArrayNode clean = Json.NODES.arrayNode();
    for (JsonNode entry : routing) {
      String arn = entry.path("stateMachineVersionArn").asText(null);
      JsonNode weight = entry.get("weight");
      if (arn == null || weight == null || !weight.canConvertToInt()) {
        throw AwsError.validation(
            "Each routing entry needs a stateMachineVersionArn and an integer weight");
      }
      int w = weight.intValue();
      if (w < 0 || w > 100) {
        throw AwsError.validation(
            "1 validation error detected: Value '"
                + w
                + "' at 'routingConfiguration.member.weight' failed to satisfy constraint: Member"
                + " must have value between 0 and 100");
      }
      Arns.Qualified q = arns.qualifiedStateMachine(arn);
      if (q.qualifier() == null || !q.qualifier().chars().allMatch(Character::isDigit)) {
        throw AwsError.invalidArn(arn);
      }
      if (machine != null && !machine.equals(q.machineArn())) {
        throw AwsError.validation(
            "Routing configuration must contain versions of one state machine");
      }
      machine = q.machineArn();
      if (!seen.add(arn)) {
        throw AwsError.validation("Routing configuration must contain distinct versions");
      }
      if (versions.version(arn).isEmpty()) {
        throw new AwsError("ResourceNotFound", "Resource Not Found: '" + arn + "'");
      }
      total += w;
      ObjectNode c = clean.addObject();
      c.put("stateMachineVersionArn", arn);
      c.put("weight", w);
    }
    if (total != 100) {
      throw AwsError.validation("Sum of routing configuration weights must equal 100");
    }
    return clean;
  }

  private PgVersions.Alias existingAlias(String arn) {
    Arns.Qualified q = arns.qualifiedStateMachine(arn);
    if (q.qualifier() == null || q.qualifier().chars().allMatch(Character::isDigit)) {
      throw AwsError.invalidArn(arn);
    }
    return versions
        .alias(arn)
        .orElseThrow(() -> new AwsError("ResourceNotFound", "Resource Not Found: '" + arn + "'"));
  }

  private JsonNode describeAlias(Request r) {
    PgVersions.Alias a = existingAlias(r.string("stateMachineAliasArn"));
    ObjectNode out = Json.object();
    out.put("stateMachineAliasArn", a.arn());
    out.put("name", a.name());
    if (a.description() != null) out.put("description", a.description());
    out.set("routingConfiguration", Json.parseTrusted(a.routing()));
    out.put("creationDate", AwsDates.epochSeconds(a.createdAt()));
    out.put("updateDate", AwsDates.epochSeconds(a.updatedAt()));
    return out;
  }

  private JsonNode updateAlias(Request r) {
    PgVersions.Alias a = existingAlias(r.string("stateMachineAliasArn"));
    if (r.node("description") == null && r.node("routingConfiguration") == null) {
      throw AwsError.validation("Either the description or the routingConfiguration must be given");
    }
    String routing =
        r.node("routingConfiguration") == null
            ? a.routing()
            : Json.write(routing(r.node("routingConfiguration")));
    Instant now = now();
    versions.updateAlias(
        new PgVersions.Alias(
            a.arn(),
            a.stateMachineArn(),
            a.name(),
            r.optionalString("description", 256).orElse(a.description()),
            routing,
            a.createdAt(),
            now));
    ObjectNode out = Json.object();
    out.put("updateDate", AwsDates.epochSeconds(now));
    return out;
  }

  private JsonNode deleteAlias(Request r) {
    String arn = r.string("stateMachineAliasArn");
    Arns.Qualified q = arns.qualifiedStateMachine(arn);
    if (q.qualifier() == null || q.qualifier().chars().allMatch(Character::isDigit)) {
      throw AwsError.invalidArn(arn);
    }
    versions.deleteAlias(arn);
    return Json.object();
  }

  private JsonNode listAliases(Request r) {
    StateMachine m = machines.existing(r.string("stateMachineArn"));
    int max = r.maxResults(100);
    String after = PageToken.decode(r.optionalString("nextToken", 1024).orElse(null));
    List<PgVersions.Alias> page = versions.aliases(m.arn(), after, max + 1);
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("stateMachineAliases");
    for (PgVersions.Alias a : page.subList(0, Math.min(max, page.size()))) {
      ObjectNode item = items.addObject();
      item.put("stateMachineAliasArn", a.arn());
      item.put("creationDate", AwsDates.epochSeconds(a.createdAt()));
    }
    if (page.size() > max) out.put("nextToken", PageToken.encode(page.get(max - 1).name()));
    return out;
  }
}
