package io.stepwise.approvals.decision;

import java.util.List;
import java.util.function.Predicate;

/**
 * Who is looking at or confirming a link: the signed-in user (null when nobody signed in) with a
 * way to test their groups, and the address the request came from.
 */
public record Actor(String user, Predicate<String> inGroup, String remoteAddress) {
  public boolean signedIn() {
    return user != null;
  }

  /** Whether the signed-in user is in one of these groups or roles. */
  public boolean inAnyOf(List<String> groups) {
    return signedIn() && groups.stream().anyMatch(inGroup);
  }
}
