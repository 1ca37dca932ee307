package io.stepwise.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.statemachine.Versions;
import io.stepwise.api.statemachine.store.PgVersions;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * State machine versions (publish, list, delete) and aliases (create, describe, update, delete,
 * list), translated to {@link Versions}.
 */
@ApplicationScoped
public class VersionActions implements ActionFamily {
  private final Versions versions;

  public VersionActions(Versions versions) {
    this.versions = versions;
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of(
        "PublishStateMachineVersion", Action.change(this::publish),
        "ListStateMachineVersions", Action.read(this::listVersions),
        "DeleteStateMachineVersion", Action.change(this::deleteVersion),
        "CreateStateMachineAlias", Action.change(this::createAlias),
        "DescribeStateMachineAlias", Action.read(this::describeAlias),
        "UpdateStateMachineAlias", Action.change(this::updateAlias),
        "DeleteStateMachineAlias", Action.change(this::deleteAlias),
        "ListStateMachineAliases", Action.read(this::listAliases));
  }

  private JsonNode publish(Request r) {
    PgVersions.Version v =
        versions.publish(
            r.caller(),
            r.resource("stateMachineArn"),
            r.optionalString("revisionId").orElse(null),
            r.optionalString("description", 256).orElse(null));
    ObjectNode out = Json.object();
    out.put("creationDate", AwsDates.epochSeconds(v.createdAt()));
    out.put("stateMachineVersionArn", v.arn());
    return out;
  }

  private JsonNode listVersions(Request r) {
    Page<PgVersions.Version> page =
        versions.listVersions(
            r.caller(), r.resource("stateMachineArn"), r.maxResults(100), r.nextToken(1024));
    return Listing.of(
        page,
        "stateMachineVersions",
        (v, item) -> {
          item.put("stateMachineVersionArn", v.arn());
          item.put("creationDate", AwsDates.epochSeconds(v.createdAt()));
        });
  }

  private JsonNode deleteVersion(Request r) {
    versions.deleteVersion(r.caller(), r.resource("stateMachineVersionArn"));
    return Json.object();
  }

  private JsonNode createAlias(Request r) {
    PgVersions.Alias alias =
        versions.createAlias(
            r.caller(),
            r.string("name"),
            r.optionalString("description", 256).orElse(null),
            r.node("routingConfiguration"));
    r.audits(alias.arn());
    ObjectNode out = Json.object();
    out.put("stateMachineAliasArn", alias.arn());
    out.put("creationDate", AwsDates.epochSeconds(alias.createdAt()));
    return out;
  }

  private JsonNode describeAlias(Request r) {
    PgVersions.Alias a = versions.describeAlias(r.caller(), r.resource("stateMachineAliasArn"));
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
    PgVersions.Alias updated =
        versions.updateAlias(
            r.caller(),
            r.resource("stateMachineAliasArn"),
            r.optionalString("description", 256).orElse(null),
            r.node("routingConfiguration"));
    ObjectNode out = Json.object();
    out.put("updateDate", AwsDates.epochSeconds(updated.updatedAt()));
    return out;
  }

  private JsonNode deleteAlias(Request r) {
    versions.deleteAlias(r.caller(), r.resource("stateMachineAliasArn"));
    return Json.object();
  }

  private JsonNode listAliases(Request r) {
    Page<PgVersions.Alias> page =
        versions.listAliases(
            r.caller(), r.resource("stateMachineArn"), r.maxResults(100), r.nextToken(1024));
    return Listing.of(
        page,
        "stateMachineAliases",
        (a, item) -> {
          item.put("stateMachineAliasArn", a.arn());
          item.put("creationDate", AwsDates.epochSeconds(a.createdAt()));
        });
  }
}
