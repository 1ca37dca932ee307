package io.stepwise.api.authorization;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.audit.AuditLog;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Permission;
import io.stepwise.api.caller.Role;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The one authorization service: may this caller do this to that resource? The services ask here
 * where they resolve the resource an action reads or changes (so members an action does not have
 * play no part), the page guard asks about the resource in a page's path, and lists ask which teams
 * the caller sees.
 *
 * <p>Rules: the caller's roles must grant the permission; an admin (and the server itself) may act
 * on everything; anybody else only on resources their team owns: a state machine or activity, or
 * anything under one (versions, aliases, executions, Map Runs belong to their state machine). A
 * resource no team owns is the admin's. Refusals are audited here and thrown as AWS's
 * AccessDeniedException. Safe from any thread, never blocks: teams come from {@link ResourceTeams}'
 * memory.
 */
@ApplicationScoped
public class Authorizer {
  private final ResourceTeams teams;
  private final AuditLog audit;

  /** The answer, with a reason that can be shown to the caller. */
  public record Decision(boolean allowed, String reason) {
    static final Decision ALLOWED = new Decision(true, "");
  }

  public Authorizer(ResourceTeams teams, AuditLog audit) {
    this.teams = teams;
    this.audit = audit;
  }

  /**
   * Refuses (audited, AccessDeniedException) unless the caller may do {@code action} (an AWS action
   * name) needing {@code permission} on {@code resource} (null when the action names none: the
   * roles decide alone).
   */
  public void require(Caller caller, String action, Permission permission, Arn resource) {
    Decision d = decide(caller, permission, resource);
    if (!d.allowed()) throw denied(caller, action, resource, d.reason());
  }

  /**
   * The page guard's question about a page's action and the ARN in its path (null, or text that is
   * no Step Functions ARN, for none); refusals are audited.
   */
  public Decision check(Caller caller, String action, Permission permission, String resource) {
    Arn arn = resource == null ? null : Arn.parse(resource).orElse(null);
    Decision d = decide(caller, permission, arn);
    if (!d.allowed()) audit.record(caller, action, resource, "denied", d.reason());
    return d;
  }

  /** Whether the caller may see the resource (a list filter: refusals are not audited). */
  public boolean canSee(Caller caller, Arn resource) {
    return decide(caller, Permission.VIEW, resource).allowed();
  }

  /**
   * The state machines and activities (their ARNs) whose resources a list shows the caller, after
   * checking that the caller may view at all; empty for everything (an admin, the server).
   */
  public Optional<Set<String>> visibleOwners(Caller caller, String action) {
    require(caller, action, Permission.VIEW, null);
    return caller.isAdmin() ? Optional.empty() : Optional.of(teams.ownedBy(caller.teams()));
  }

  /** The owning team of the resource, if any. */
  public Optional<String> teamOf(Arn resource) {
    return teams.of(resource.owner().toString());
  }

  /**
   * The team a resource the caller creates will belong to, after checking the editor role: the
   * requested one (a tag), which the caller must be in unless admin; else the caller's only or
   * first team; null for an admin without teams (the resource is then the admin's alone).
   */
  public String teamForNew(Caller caller, String action, Arn resource, Optional<String> requested) {
    require(caller, action, Permission.EDIT, null);
    if (requested.isPresent()) {
      String team = requested.get();
      if (!caller.isAdmin() && !caller.teams().contains(team)) {
        throw denied(caller, action, resource, caller.name() + " is not a member of team " + team);
      }
      return team;
    }
    if (caller.teams().isEmpty()) {
      if (caller.isAdmin()) return null;
      throw denied(
          caller, action, resource, caller.name() + " belongs to no team, so cannot own resources");
    }
    return caller.teams().stream().sorted().findFirst().get();
  }

  /**
   * Refuses unless the caller may answer (succeed, fail, heartbeat) a task of the execution: an
   * operator of the execution's team, or of the team of the activity the task came from (the worker
   * that polled it). A task served inside the server ({@code servedInside}: an approval, decided
   * through its links and inbox) is answered through the API by an admin only.
   */
  public void requireAnswer(
      Caller caller, String action, Arn execution, String taskResource, boolean servedInside) {
    if (servedInside) {
      if (caller.isAdmin()) return;
      throw denied(
          caller,
          action,
          execution,
          "the task is served inside the server (" + taskResource + "); it is decided there");
    }
    Decision d = decide(caller, Permission.OPERATE, execution);
    if (d.allowed()) return;
    Optional<Arn> activity = Arn.parse(taskResource).filter(a -> a.kind() == Arn.Kind.ACTIVITY);
    if (activity.isPresent() && decide(caller, Permission.OPERATE, activity.get()).allowed()) {
      return;
    }
    throw denied(caller, action, execution, d.reason());
  }

  /**
   * Refuses unless an execution may start the target (a definition's {@code states:startExecution}
   * task): a definition reaches no further than its team, so the target must belong to the team of
   * the parent's machine; a machine of no team (an admin's) may start any. The parent acts as an
   * operator of its team, and a refusal is audited under its ARN.
   */
  public void requireNestedStart(Arn parent, Arn target) {
    Optional<String> team = teamOf(parent);
    if (team.isEmpty()) return;
    Caller execution =
        new Caller(
            parent.toString(),
            Caller.Kind.EXECUTION,
            EnumSet.of(Role.OPERATOR),
            Set.of(team.get()),
            "");
    require(execution, "StartExecution", Permission.OPERATE, target);
  }

  private ServiceException denied(Caller caller, String action, Arn resource, String reason) {
    String arn = resource == null ? null : resource.toString();
    audit.record(caller, action, arn, "denied", reason);
    return new ServiceException(
        "AccessDeniedException",
        "User: "
            + caller.name()
            + " is not authorized to perform: "
            + (resource == null ? "states" : resource.kind().service())
            + ":"
            + action
            + (arn == null ? "" : " on resource: " + arn)
            + " because "
            + reason);
  }

  private Decision decide(Caller caller, Permission permission, Arn resource) {
    if (!caller.signedIn()) return new Decision(false, "not signed in");
    if (!caller.has(permission)) {
      return new Decision(
          false,
          caller.name()
              + " has no role that allows "
              + permission.name().toLowerCase()
              + " (roles: "
              + caller.roles().stream().map(Role::id).sorted().toList()
              + ")");
    }
    if (caller.isAdmin() || resource == null) return Decision.ALLOWED;
    Optional<String> team = teamOf(resource);
    if (team.isPresent() && caller.teams().contains(team.get())) return Decision.ALLOWED;
    return new Decision(
        false,
        team.map(t -> "the resource belongs to team " + t + ", not to " + caller.name() + "'s")
            .orElse("the resource belongs to no team; only an admin may use it"));
  }
}
