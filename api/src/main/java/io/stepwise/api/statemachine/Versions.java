package io.stepwise.api.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.arn.Arn;
import io.stepwise.api.arn.Arns;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Permission;
import io.stepwise.api.service.Names;
import io.stepwise.api.service.PageToken;
import io.stepwise.api.service.Validation;
import io.stepwise.api.statemachine.store.PgVersions;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The versions and aliases service: publish, list and delete versions; create, describe, update,
 * delete and list aliases. Versions and aliases belong to their state machine, whose team the
 * {@link Authorizer} asks about. An alias routes StartExecution to one or two versions by weight.
 */
@ApplicationScoped
public class Versions {
  private final PgVersions versions;
  private final PgStateMachines machines;
  private final Arns arns;
  private final Authorizer authorizer;

  public Versions(PgVersions versions, PgStateMachines machines, Arns arns, Authorizer authorizer) {
    this.versions = versions;
    this.machines = machines;
    this.arns = arns;
    this.authorizer = authorizer;
  }

  /**
   * PublishStateMachineVersion: the machine's current revision as the next version (or the latest
   * version when it has that revision); ConflictException when {@code revisionId} is not current.
   */
  public PgVersions.Version publish(
      Caller caller, String stateMachineArn, String revisionId, String description) {
    StateMachine m =
        machine(caller, "PublishStateMachineVersion", Permission.EDIT, stateMachineArn);
    if (revisionId != null && !revisionId.equals(m.revisionId())) {
      throw new ServiceException(
          "ConflictException",
          "The revisionId '"
              + revisionId
              + "' does not match the state machine's current revision");
    }
    return publishNow(caller, m, description);
  }

  /**
   * Publishes for a Create or Update with {@code publish}, which authorized the machine; the
   * version records who published it (a person or an access key, not the server itself).
   */
  PgVersions.Version publishNow(Caller caller, StateMachine m, String description) {
    return versions.publish(m, description, now(), publisher(caller));
  }

  private static String publisher(Caller caller) {
    return switch (caller.kind()) {
      case OIDC, LOCAL, ACCESS_KEY -> caller.name();
      default -> null;
    };
  }

  /** A version by its ARN (not authorized: for a caller that authorized its machine). */
  Optional<PgVersions.Version> find(String versionArn) {
    return versions.version(versionArn);
  }

  /** ListStateMachineVersions: newest first. */
  public Page<PgVersions.Version> listVersions(
      Caller caller, String stateMachineArn, int max, String nextToken) {
    StateMachine m = machine(caller, "ListStateMachineVersions", Permission.VIEW, stateMachineArn);
    int before = (int) PageToken.number(nextToken, 0);
    List<PgVersions.Version> page = versions.versions(m.arn(), before, max + 1);
    return new Page<>(
        List.copyOf(page.subList(0, Math.min(max, page.size()))),
        page.size() > max ? PageToken.encode(Integer.toString(page.get(max - 1).version())) : null);
  }

  /** DeleteStateMachineVersion; refused while an alias routes to it. */
  public void deleteVersion(Caller caller, String versionArn) {
    Arn arn = arns.require(versionArn, Arn.Kind.VERSION);
    authorizer.require(caller, "DeleteStateMachineVersion", Permission.EDIT, arn);
    List<PgVersions.Alias> routing = versions.aliasesRoutingTo(arn.toString());
    if (!routing.isEmpty()) {
      throw new ServiceException(
          "ConflictException",
          "Version to be deleted must not be referenced by an alias. Current list of aliases"
              + " referencing this version: ["
              + routing.getFirst().name()
              + "]");
    }
    versions.deleteVersion(arn.toString());
  }

  /**
   * CreateStateMachineAlias; creating it again with the same routing and description returns it
   * (AWS's idempotency), with another ConflictException.
   */
  public PgVersions.Alias createAlias(
      Caller caller, String name, String description, JsonNode routingConfiguration) {
    aliasName(name);
    Routing routing = routing(routingConfiguration);
    Arn aliasArn = arns.qualified(routing.machine(), name);
    authorizer.require(caller, "CreateStateMachineAlias", Permission.EDIT, aliasArn);
    routing.checkPublished(versions);
    Instant now = now();
    PgVersions.Alias alias =
        new PgVersions.Alias(
            aliasArn.toString(),
            routing.machine().toString(),
            name,
            description,
            Json.write(routing.entries()),
            now,
            now);
    if (versions.insertAlias(alias)) return alias;
    PgVersions.Alias existing = versions.alias(aliasArn.toString()).orElseThrow();
    if (!existing.routing().equals(alias.routing())
        || !Objects.equals(existing.description(), description)) {
      throw new ServiceException(
          "ConflictException",
          "Failed to create alias because an alias with the same name and"
              + " a different routing configuration already exists.");
    }
    return existing;
  }

  public PgVersions.Alias describeAlias(Caller caller, String aliasArn) {
    return alias(caller, "DescribeStateMachineAlias", Permission.VIEW, aliasArn);
  }

  /** UpdateStateMachineAlias: a new description, routing, or both. */
  public PgVersions.Alias updateAlias(
      Caller caller, String aliasArn, String description, JsonNode routingConfiguration) {
    PgVersions.Alias a = alias(caller, "UpdateStateMachineAlias", Permission.EDIT, aliasArn);
    if (description == null && routingConfiguration == null) {
      throw Validation.failed("Either the description or the routingConfiguration must be given");
    }
    String routing = a.routing();
    if (routingConfiguration != null) {
      Routing checked = routing(routingConfiguration);
      checked.checkPublished(versions);
      routing = Json.write(checked.entries());
    }
    PgVersions.Alias updated =
        new PgVersions.Alias(
            a.arn(),
            a.stateMachineArn(),
            a.name(),
            description == null ? a.description() : description,
            routing,
            a.createdAt(),
            now());
    versions.updateAlias(updated);
    return updated;
  }

  public void deleteAlias(Caller caller, String aliasArn) {
    Arn arn = arns.require(aliasArn, Arn.Kind.ALIAS);
    authorizer.require(caller, "DeleteStateMachineAlias", Permission.EDIT, arn);
    versions.deleteAlias(arn.toString());
  }

  /** ListStateMachineAliases: by name. */
  public Page<PgVersions.Alias> listAliases(
      Caller caller, String stateMachineArn, int max, String nextToken) {
    StateMachine m = machine(caller, "ListStateMachineAliases", Permission.VIEW, stateMachineArn);
    String after = PageToken.decode(nextToken);
    List<PgVersions.Alias> page = versions.aliases(m.arn(), after, max + 1);
    return new Page<>(
        List.copyOf(page.subList(0, Math.min(max, page.size()))),
        page.size() > max ? PageToken.encode(page.get(max - 1).name()) : null);
  }

  private StateMachine machine(
      Caller caller, String action, Permission permission, String stateMachineArn) {
    Arn arn = arns.require(stateMachineArn, Arn.Kind.STATE_MACHINE);
    authorizer.require(caller, action, permission, arn);
    return machines
        .find(arn.toString())
        .orElseThrow(() -> StateMachines.doesNotExist(stateMachineArn));
  }

  private PgVersions.Alias alias(
      Caller caller, String action, Permission permission, String aliasArn) {
    Arn arn = arns.require(aliasArn, Arn.Kind.ALIAS);
    authorizer.require(caller, action, permission, arn);
    return versions.alias(arn.toString()).orElseThrow(() -> notFound(aliasArn));
  }

  private static ServiceException notFound(String arn) {
    return new ServiceException("ResourceNotFound", "Resource Not Found: '" + arn + "'");
  }

  /** AWS's alias names: a name that is not all digits (those are version numbers). */
  private static void aliasName(String name) {
    Names.check(name);
    if (name.chars().allMatch(Character::isDigit)) {
      throw Validation.failed(
          "1 validation error detected: Value '"
              + name
              + "' at 'name' failed to satisfy constraint: Member must satisfy regular expression"
              + " pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$");
    }
  }

  /** A routing configuration that passed AWS's rules: versions of one machine, by weight. */
  private record Routing(Arn machine, ArrayNode entries) {
    /** Every version it names is published (looked up after the machine was authorized). */
    void checkPublished(PgVersions versions) {
      for (JsonNode e : entries) {
        String arn = e.get("stateMachineVersionArn").asText();
        if (versions.version(arn).isEmpty()) throw notFound(arn);
      }
    }
  }

  /**
   * AWS's routing rules: one or two distinct versions of one machine, weights 0 to 100 adding up to
   * 100.
   */
  private Routing routing(JsonNode routing) {
    if (routing == null || !routing.isArray() || routing.isEmpty() || routing.size() > 2) {
      throw Validation.failed(
          "1 validation error detected: Value at 'routingConfiguration' failed to satisfy"
              + " constraint: Member must have length between 1 and 2");
    }
    int total = 0;
    Set<String> seen = new HashSet<>();
    Arn machine = null;
    ArrayNode clean = Json.NODES.arrayNode();
    for (JsonNode entry : routing) {
      String text = entry.path("stateMachineVersionArn").asText(null);
      JsonNode weight = entry.get("weight");
      if (text == null || weight == null || !weight.canConvertToInt()) {
        throw Validation.failed(
            "Each routing entry needs a stateMachineVersionArn and an integer weight");
      }
      int w = weight.intValue();
      if (w < 0 || w > 100) {
        throw Validation.failed(
            "1 validation error detected: Value '"
                + w
                + "' at 'routingConfiguration.member.weight' failed to satisfy constraint: Member"
                + " must have value between 0 and 100");
      }
      Arn version = arns.require(text, Arn.Kind.VERSION);
      if (machine != null && !machine.equals(version.stateMachine())) {
        throw Validation.failed("Routing configuration must contain versions of one state machine");
      }
      machine = version.stateMachine();
      if (!seen.add(text)) {
        throw Validation.failed("Routing configuration must contain distinct versions");
      }
      total += w;
      ObjectNode c = clean.addObject();
      c.put("stateMachineVersionArn", text);
      c.put("weight", w);
    }
    if (total != 100) {
      throw Validation.failed("Sum of routing configuration weights must equal 100");
    }
    return new Routing(machine, clean);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
