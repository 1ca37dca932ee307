package io.stepwise.approvals.decision;

import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Decisions made on the inbox page by a signed-in user: the approval must be one the inbox shows
 * them, the choice one of its choices, the user one of its deciders (To or Groups); then the {@link
 * Decider} decides as for a link, with the user as {@code decidedBy}. Every attempt is audited.
 */
@ApplicationScoped
public class InboxDecisions {
  static final String PATH = "/approvals/inbox";

  private final ApprovalStore store;
  private final Decider decider;
  private final Delegations delegations;
  private final Refusals refusals;
  private final AttemptPages pages;
  private final AttemptAudits audits;
  private final InstantSource clock;

  @Inject
  InboxDecisions(
      ApprovalStore store,
      Decider decider,
      Delegations delegations,
      Refusals refusals,
      AttemptPages pages,
      AttemptAudits audits,
      InstantSource clock) {
    this.store = store;
    this.decider = decider;
    this.delegations = delegations;
    this.refusals = refusals;
    this.pages = pages;
    this.audits = audits;
    this.clock = clock;
  }

  /** Whether the inbox offers this user the approval's choices. */
  public boolean offered(ApprovalRecord approval, Actor actor) {
    Attempt attempt = attempt(approval.id(), null, null, Map.of(), actor, clock.instant());
    return refusals.refusal(approval, attempt, /* askEngine= */ false) == null;
  }

  /** Decides an approval from the inbox (POST). */
  public ConfirmPage decide(
      UUID approvalId,
      String choice,
      boolean csrfValid,
      String comment,
      Map<String, String> fields,
      Actor actor) {
    Instant now = clock.instant();
    Optional<ApprovalRecord> approval = store.inboxApproval(approvalId);
    if (approval.isEmpty()) return pages.bare(DecisionOutcome.UNKNOWN);
    Attempt attempt = attempt(approvalId, choice, comment, fields, actor, now);
    DecisionOutcome refused = null;
    if (!actor.signedIn()) refused = DecisionOutcome.SIGN_IN_REQUIRED;
    else if (!csrfValid) refused = DecisionOutcome.CSRF_REFUSED;
    else if (choice == null || !approval.get().choices().contains(choice)) {
      refused = DecisionOutcome.BAD_CHOICE;
    }
    if (refused != null) {
      audits.audit(attempt, refused, "from the inbox");
      return pages.page(refused, approval.get(), attempt);
    }
    return decider.decide(attempt);
  }

  /** Hands the signed-in user's part to another address from the inbox (POST). */
  public ConfirmPage delegate(UUID approvalId, boolean csrfValid, String to, Actor actor) {
    Instant now = clock.instant();
    Optional<ApprovalRecord> approval = store.inboxApproval(approvalId);
    if (approval.isEmpty()) return pages.bare(DecisionOutcome.UNKNOWN);
    Attempt attempt = attempt(approvalId, null, null, Map.of(), actor, now);
    DecisionOutcome refused = null;
    if (!actor.signedIn()) refused = DecisionOutcome.SIGN_IN_REQUIRED;
    else if (!csrfValid) refused = DecisionOutcome.CSRF_REFUSED;
    if (refused != null) {
      audits.audit(attempt, refused, "delegation from the inbox");
      return pages.page(refused, approval.get(), attempt);
    }
    return delegations.delegate(attempt, to);
  }

  private static Attempt attempt(
      UUID approvalId,
      String choice,
      String comment,
      Map<String, String> fields,
      Actor actor,
      Instant now) {
    return new Attempt(approvalId, null, false, choice, comment, fields, actor, now, PATH);
  }
}
