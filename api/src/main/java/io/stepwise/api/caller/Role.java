package io.stepwise.api.caller;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** A Stepwise role and the permissions it grants; every role includes viewing. */
public enum Role {
  VIEWER(EnumSet.of(Permission.VIEW)),
  OPERATOR(EnumSet.of(Permission.VIEW, Permission.OPERATE)),
  APPROVER(EnumSet.of(Permission.VIEW, Permission.APPROVE)),
  EDITOR(EnumSet.of(Permission.VIEW, Permission.EDIT)),
  ADMIN(EnumSet.allOf(Permission.class));

  private final Set<Permission> grants;

  Role(Set<Permission> grants) {
    this.grants = grants;
  }

  public boolean grants(Permission permission) {
    return grants.contains(permission);
  }

  /** The lower-case name used in tokens, keys and pages. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role of(String id) {
    return valueOf(id.trim().toUpperCase(Locale.ROOT));
  }
}
