package io.stepwise.approvals.decision;

import io.stepwise.approvals.ApproverPrincipal;
import io.stepwise.approvals.store.ApprovalRecord;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Who is looking at or confirming a decision: the signed-in user (null when nobody signed in), the
 * mail addresses that are theirs, a way to test their groups, and the address the request came
 * from.
 *
 * @param addresses lower-case mail addresses of the signed-in user
 */
public record Actor(
    String user, Set<String> addresses, Predicate<String> inGroup, String remoteAddress) {

  /** The actor of a request, as the server's page guard filled its security context. */
  public static Actor of(SecurityContext security, HttpServerRequest request) {
    Principal principal = security == null ? null : security.getUserPrincipal();
    String user =
        principal == null || principal.getName() == null || principal.getName().isBlank()
            ? null
            : principal.getName();
    Set<String> addresses =
        principal instanceof ApproverPrincipal p
            ? p.verifiedAddresses().stream().map(Actor::lower).collect(Collectors.toSet())
            : user == null ? Set.of() : Set.of(lower(user));
    String from =
        request == null || request.remoteAddress() == null
            ? null
            : request.remoteAddress().hostAddress();
    return new Actor(
        user, addresses, group -> security != null && security.isUserInRole(group), from);
  }

  public boolean signedIn() {
    return user != null;
  }

  /** Whether the signed-in user is in one of these groups or roles. */
  public boolean inAnyOf(List<String> groups) {
    return signedIn() && groups.stream().anyMatch(inGroup);
  }

  /**
   * Whether the signed-in user is one of the approval's deciders: an address in its {@code To}, or
   * a member of one of its {@code Groups}.
   */
  public boolean mayDecide(ApprovalRecord approval) {
    if (!signedIn()) return false;
    return approval.recipients().stream().map(Actor::lower).anyMatch(addresses::contains)
        || inAnyOf(approval.groups());
  }

  /** How the audit names this actor: the user, else the link's recipient. */
  String audited(String linkRecipient) {
    if (signedIn()) return "user:" + user;
    return linkRecipient == null ? "anonymous" : "link to " + linkRecipient;
  }

  private static String lower(String s) {
    return s.strip().toLowerCase(Locale.ROOT);
  }
}
