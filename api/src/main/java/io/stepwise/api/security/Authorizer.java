package io.stepwise.api.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The one authorization service: may this caller do this to that resource? The API guard, the page
 * guard, the list filters and the service decorators all ask here, so a rule changes in one place.
 *
 * <p>Rules: the caller's roles must grant the permission; an admin may act on everything; anybody
 * else only on resources their team owns (a state machine or activity, or anything under one). A
 * resource no team owns is the admin's. Refusals are audited here. Safe from any thread, never
 * blocks.
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
   * Checks {@code action} (an AWS action name or a page action, for the audit log) needing {@code
   * permission} on {@code resourceArn} (null when the action names no resource).
   */
  public Decision check(Caller caller, String action, Permission permission, String resourceArn) {
    Decision d = decide(caller, permission, resourceArn);
    if (!d.allowed()) audit.record(caller, action, resourceArn, "denied", d.reason());
    return d;
  }

  /** Whether the caller may see the resource (a list filter: refusals are not audited). */
  public boolean canSee(Caller caller, String resourceArn) {
    return decide(caller, Permission.VIEW, resourceArn).allowed();
  }

  /** The owning team of the resource, if any. */
  public Optional<String> teamOf(String resourceArn) {
    return ResourceArns.owner(resourceArn).flatMap(teams::of);
  }

  /**
   * The team a new resource made by this caller belongs to: the requested one (a tag), which the
   * caller must be in unless admin; else the caller's only or first team; empty for an admin
   * without teams (the resource is then the admin's alone).
   */
  public NewOwner teamForNew(Caller caller, Optional<String> requested) {
    if (requested.isPresent()) {
      String team = requested.get();
      if (!caller.isAdmin() && !caller.teams().contains(team)) {
        return new NewOwner(
            new Decision(false, caller.name() + " is not a member of team " + team), null);
      }
      return new NewOwner(Decision.ALLOWED, team);
    }
    if (caller.teams().isEmpty()) {
      if (caller.isAdmin()) return new NewOwner(Decision.ALLOWED, null);
      return new NewOwner(
          new Decision(false, caller.name() + " belongs to no team, so cannot own resources"),
          null);
    }
    return new NewOwner(Decision.ALLOWED, caller.teams().stream().sorted().findFirst().get());
  }

  /** The team chosen for a new resource; {@code team} is null for an admin's own resource. */
  public record NewOwner(Decision decision, String team) {}

  private Decision decide(Caller caller, Permission permission, String resourceArn) {
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
    if (caller.isAdmin() || resourceArn == null) return Decision.ALLOWED;
    Optional<String> owner = ResourceArns.owner(resourceArn);
    if (owner.isEmpty()) return Decision.ALLOWED; // not a state machine's or activity's ARN
    Optional<String> team = teams.of(owner.get());
    if (team.isPresent() && caller.teams().contains(team.get())) return Decision.ALLOWED;
    return new Decision(
        false,
        team.map(t -> "the resource belongs to team " + t + ", not to " + caller.name() + "'s")
            .orElse("the resource belongs to no team; only an admin may use it"));
  }
}
