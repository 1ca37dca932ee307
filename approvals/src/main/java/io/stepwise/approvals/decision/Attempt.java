package io.stepwise.approvals.decision;

import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.AuditEntry;
import io.stepwise.approvals.store.LinkRecord;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One attempt at a decision or a delegation, whichever way it came (a mailed link or the inbox).
 *
 * @param link the mailed link it came through, or null from the inbox
 * @param linkExpired whether the link's signed expiry has passed
 * @param fields the form as posted (field name → text), empty without a form
 * @param here the page's path (to come back to after signing in)
 */
record Attempt(
    UUID approvalId,
    LinkRecord link,
    boolean linkExpired,
    String choice,
    String comment,
    Map<String, String> fields,
    Actor actor,
    Instant now,
    String here) {

  /** Everyone the attempt speaks for: the link's recipient, the signed-in user and their mail. */
  Set<String> identities() {
    Set<String> who = new HashSet<>(actor.addresses());
    if (actor.signedIn()) who.add(lower(actor.user()));
    if (link != null) who.add(lower(link.recipient()));
    return who;
  }

  /**
   * The voter as the one-vote rule records them: the link's recipient; from the inbox, the user's
   * address that the approval was sent to, else the user's name.
   */
  String voter(ApprovalRecord approval) {
    if (link != null) return lower(link.recipient());
    return approval.recipients().stream()
        .map(Attempt::lower)
        .filter(actor.addresses()::contains)
        .findFirst()
        .orElse(lower(actor.user()));
  }

  /** Who the records name: the signed-in user, else the link's recipient. */
  String person() {
    return actor.signedIn() ? actor.user() : link.recipient();
  }

  /** The audit entry for this attempt. */
  AuditEntry entry(DecisionOutcome outcome, String detail) {
    return new AuditEntry(
        approvalId,
        link == null ? null : link.id(),
        now,
        actor.audited(link == null ? null : link.recipient()),
        actor.remoteAddress(),
        choice,
        outcome.name(),
        detail);
  }

  /** An address or name as the one-vote and delegation rules compare them. */
  static String lower(String s) {
    return s.strip().toLowerCase(Locale.ROOT);
  }
}
