package io.stepwise.api.statemachine;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.arn.Arns;
import io.stepwise.api.authentication.SecurityConfig;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.authorization.ResourceTeams;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Permission;
import io.stepwise.api.service.Names;
import io.stepwise.api.service.PageToken;
import io.stepwise.api.service.Validation;
import io.stepwise.api.statemachine.store.PgVersions;
import io.stepwise.api.tag.Tag;
import io.stepwise.api.tag.store.PgTags;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.asl.validate.DefinitionValidator;
import io.stepwise.engine.asl.validate.Diagnostic;
import io.stepwise.engine.asl.validate.ValidationResult;
import io.stepwise.engine.service.AwsLimits;
import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The state machine service: create, describe, list, update, delete and validate, for the AWS API
 * and the pages alike. Each method resolves the machine it acts on, asks the {@link Authorizer}
 * there and refuses with {@link ServiceException}s named as AWS names them. Definitions are checked
 * by engine-core's {@link DefinitionValidator}, so Stepwise refuses exactly what AWS refuses.
 */
@ApplicationScoped
public class StateMachines {

  private final PgStateMachines machines;
  private final Versions versions;
  private final PgTags tags;
  private final Arns arns;
  private final Authorizer authorizer;
  private final ResourceTeams teams;
  private final SecurityConfig security;

  public StateMachines(
      PgStateMachines machines,
      Versions versions,
      PgTags tags,
      Arns arns,
      Authorizer authorizer,
      ResourceTeams teams,
      SecurityConfig security) {
    this.machines = machines;
    this.versions = versions;
    this.tags = tags;
    this.arns = arns;
    this.authorizer = authorizer;
    this.teams = teams;
    this.security = security;
  }

  /** What CreateStateMachine asks for; null members are absent. */
  public record NewStateMachine(
      String name,
      StateMachineType type,
      String definition,
      String roleArn,
      String description,
      String loggingConfiguration,
      String tracingConfiguration,
      List<Tag> tags,
      boolean publish,
      String versionDescription) {}

  /** A created (or, AWS's idempotent Create, found) machine, and its new version if published. */
  public record Created(StateMachine machine, String team, boolean created, String versionArn) {}

  /**
   * CreateStateMachine. The name's owner decides: a new machine belongs to the team the caller
   * chose (tag {@code stepwise:team}) or to the caller's team; creating an existing machine again
   * with the same definition returns it (AWS's idempotency) to those who may edit it, and never
   * moves it to another team.
   */
  public Created create(Caller caller, NewStateMachine spec) {
    String action = "CreateStateMachine";
    Arn arn = arns.stateMachine(Names.check(spec.name()));
    String team =
        authorizer.teamForNew(caller, action, arn, Tag.valueOf(spec.tags(), security.teamTag()));
    String definition = definition(spec.definition(), spec.type());
    String roleArn = roleArn(spec.roleArn());
    Instant now = now();
    StateMachine wanted =
        new StateMachine(
            arn.toString(),
            spec.name(),
            spec.type(),
            definition,
            roleArn,
            spec.description(),
            spec.loggingConfiguration(),
            spec.tracingConfiguration(),
            UUID.randomUUID().toString(),
            now,
            now);
    StateMachine stored = wanted;
    boolean created = machines.insert(wanted);
    if (created) {
      if (team != null) teams.assign(arn.toString(), team, caller.name());
      tags.put(wanted.arn(), spec.tags());
    } else {
      // The name is taken: AWS's idempotent Create, for those who may change that machine only.
      authorizer.require(caller, action, Permission.EDIT, arn);
      stored = machines.find(wanted.arn()).orElseThrow(() -> alreadyExists(wanted.arn()));
      if (!stored.definition().equals(definition)
          || !stored.roleArn().equals(roleArn)
          || stored.type() != spec.type()
          || !Objects.equals(stored.loggingConfiguration(), wanted.loggingConfiguration())) {
        throw alreadyExists(wanted.arn());
      }
      team = authorizer.teamOf(arn).orElse(null);
    }
    String version =
        spec.publish()
            ? versions.publishNow(caller, stored, spec.versionDescription()).arn()
            : null;
    return new Created(stored, team, created, version);
  }

  private static ServiceException alreadyExists(String arn) {
    return new ServiceException(
        "StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
  }

  /**
   * DescribeStateMachine: the machine, or with a version's ARN that version (its definition, role,
   * description and revision under the version's ARN).
   */
  public StateMachine describe(Caller caller, String stateMachineArn) {
    Arn arn =
        arns.require(stateMachineArn, Arn.Kind.STATE_MACHINE, Arn.Kind.VERSION, Arn.Kind.ALIAS);
    authorizer.require(caller, "DescribeStateMachine", Permission.VIEW, arn);
    StateMachine m = existing(arn.stateMachine().toString());
    if (arn.kind() == Arn.Kind.STATE_MACHINE) return m;
    PgVersions.Version v =
        versions.find(arn.toString()).orElseThrow(() -> doesNotExist(stateMachineArn));
    return new StateMachine(
        arn.toString(),
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

  /** ListStateMachines: a page by name of the machines the caller may see. */
  public Page<StateMachine> list(Caller caller, int max, String nextToken) {
    var visible = authorizer.visibleOwners(caller, "ListStateMachines");
    String after = PageToken.decode(nextToken);
    List<StateMachine> page = machines.page(after, max + 1, visible.orElse(null));
    return new Page<>(
        List.copyOf(page.subList(0, Math.min(max, page.size()))),
        page.size() > max ? PageToken.encode(page.get(max - 1).name()) : null);
  }

  /** What UpdateStateMachine changes; null members stay as they are. */
  public record Changes(
      String definition,
      String roleArn,
      String loggingConfiguration,
      String tracingConfiguration,
      boolean publish,
      String versionDescription) {
    boolean none() {
      return definition == null
          && roleArn == null
          && loggingConfiguration == null
          && tracingConfiguration == null;
    }
  }

  /** The machine after an update, and the version published with it (or null). */
  public record Updated(StateMachine machine, String versionArn) {}

  /** UpdateStateMachine: a new revision of the definition, role or configurations. */
  public Updated update(Caller caller, String stateMachineArn, Changes changes) {
    Arn arn = arns.require(stateMachineArn, Arn.Kind.STATE_MACHINE);
    authorizer.require(caller, "UpdateStateMachine", Permission.EDIT, arn);
    StateMachine m = existing(arn.toString());
    String definition =
        changes.definition() == null ? m.definition() : definition(changes.definition(), m.type());
    String roleArn = changes.roleArn() == null ? m.roleArn() : roleArn(changes.roleArn());
    if (changes.none()) {
      throw new ServiceException(
          "MissingRequiredParameter",
          "Either the definition, the roleArn, the LoggingConfiguration, or the TracingConfiguration"
              + " must be specified");
    }
    StateMachine updated =
        new StateMachine(
            m.arn(),
            m.name(),
            m.type(),
            definition,
            roleArn,
            m.description(),
            changes.loggingConfiguration() == null
                ? m.loggingConfiguration()
                : changes.loggingConfiguration(),
            changes.tracingConfiguration() == null
                ? m.tracingConfiguration()
                : changes.tracingConfiguration(),
            UUID.randomUUID().toString(),
            m.createdAt(),
            now());
    machines.update(updated);
    String version =
        changes.publish()
            ? versions.publishNow(caller, updated, changes.versionDescription()).arn()
            : null;
    return new Updated(updated, version);
  }

  /**
   * DeleteStateMachine. Running executions keep their own copy of the definition, so they finish as
   * on AWS.
   */
  public void delete(Caller caller, String stateMachineArn) {
    Arn arn = arns.require(stateMachineArn, Arn.Kind.STATE_MACHINE);
    authorizer.require(caller, "DeleteStateMachine", Permission.EDIT, arn);
    machines.delete(arn.toString());
    tags.deleteAll(arn.toString());
    teams.forget(arn.toString());
  }

  /** A definition's diagnostics as ValidateStateMachineDefinition reports them. */
  public record Diagnostics(boolean ok, List<Diagnostic> diagnostics, boolean truncated) {}

  /**
   * ValidateStateMachineDefinition: the first {@code max} diagnostics of the severity asked for
   * ({@code ERROR}: errors only).
   */
  public Diagnostics validate(
      Caller caller, String definition, StateMachineType type, String severity, int max) {
    authorizer.require(caller, "ValidateStateMachineDefinition", Permission.VIEW, null);
    if (definition.length() > AwsLimits.DEFINITION_CHARACTERS) {
      throw Validation.tooLong("definition", AwsLimits.DEFINITION_CHARACTERS);
    }
    ValidationResult result = DefinitionValidator.validate(definition, type);
    List<Diagnostic> shown =
        result.diagnostics().stream()
            .filter(d -> !severity.equals("ERROR") || d.severity() == Diagnostic.Severity.ERROR)
            .toList();
    return new Diagnostics(
        result.ok(), shown.subList(0, Math.min(max, shown.size())), shown.size() > max);
  }

  /** The machine an unqualified ARN names, or StateMachineDoesNotExist (not authorized here). */
  StateMachine existing(String arn) {
    return machines.find(arn).orElseThrow(() -> doesNotExist(arn));
  }

  static ServiceException doesNotExist(String arn) {
    return new ServiceException(
        "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
  }

  /** A definition AWS accepts for the type, or InvalidDefinition with AWS's message. */
  static String definition(String text, StateMachineType type) {
    if (text == null) throw Validation.missing("definition");
    if (text.length() > AwsLimits.DEFINITION_CHARACTERS) {
      throw Validation.tooLong("definition", AwsLimits.DEFINITION_CHARACTERS);
    }
    ValidationResult result = DefinitionValidator.validate(text, type);
    if (!result.ok()) {
      throw new ServiceException("InvalidDefinition", result.invalidDefinitionMessage());
    }
    return text;
  }

  /** An IAM role ARN ({@code arn:PARTITION:iam::ACCOUNT:role/NAME}), or InvalidArn. */
  private static String roleArn(String arn) {
    String[] parts = arn == null ? new String[0] : arn.split(":", 6);
    if (parts.length != 6
        || !parts[0].equals("arn")
        || !parts[2].equals("iam")
        || !parts[5].startsWith("role/")
        || parts[5].length() <= "role/".length()) {
      throw Arns.invalid(arn);
    }
    return arn;
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
