package io.stepwise.api.caller;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling, as the authorizer sees it: a signed-in person, an access key or the local admin,
 * with the Stepwise roles and teams they act with. {@link #ANONYMOUS} has neither.
 *
 * @param email the mail address the identity provider verified for this person, or null
 */
public record Caller(
    String name, Kind kind, Set<Role> roles, Set<String> teams, String address, String email) {
  public static final Caller ANONYMOUS =
      new Caller("anonymous", Kind.ANONYMOUS, Set.of(), Set.of(), "");

  /**
   * The server itself: background work (the runtime, approvals' sweeps), in-server callers of the
   * task service, and every caller while security is off. It may do everything and is not audited.
   */
  public static final Caller SYSTEM =
      new Caller("system", Kind.SYSTEM, EnumSet.of(Role.ADMIN), Set.of(), "");

  /** How the caller proved who they are. */
  public enum Kind {
    ANONYMOUS,
    /** An OpenID Connect session or bearer token. */
    OIDC,
    /** The local admin's browser session (no identity provider). */
    LOCAL,
    /** A SigV4-signed request with a Stepwise access key. */
    ACCESS_KEY,
    /** The server itself ({@link #SYSTEM}). */
    SYSTEM,
    /** An execution's definition, acting for its machine's team (a nested start). */
    EXECUTION,
    /** A webhook trigger's verified call, acting as an operator of its machine's team. */
    TRIGGER
  }

  public Caller {
    roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    teams = Set.copyOf(new TreeSet<>(teams));
    address = address == null ? "" : address;
  }

  /** A caller without a verified mail address. */
  public Caller(String name, Kind kind, Set<Role> roles, Set<String> teams, String address) {
    this(name, kind, roles, teams, address, null);
  }

  public boolean signedIn() {
    return kind != Kind.ANONYMOUS;
  }

  public boolean isAdmin() {
    return roles.contains(Role.ADMIN);
  }

  public boolean has(Permission permission) {
    return roles.stream().anyMatch(r -> r.grants(permission));
  }

  public Caller from(String newAddress) {
    return new Caller(name, kind, roles, teams, newAddress, email);
  }
}
