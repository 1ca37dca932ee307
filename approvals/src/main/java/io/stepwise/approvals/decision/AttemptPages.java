package io.stepwise.approvals.decision;

import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.LinkRecord;
import io.stepwise.approvals.store.VoteStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

/** The confirm page an attempt gets for what became of it. */
@ApplicationScoped
class AttemptPages {
  private final ConfirmPages pages;
  private final VoteStore voteStore;

  AttemptPages(ConfirmPages pages, VoteStore voteStore) {
    this.pages = pages;
    this.voteStore = voteStore;
  }

  /** The page for a verdict, with the form's errors and the verdict's line when it has them. */
  ConfirmPage page(Verdict verdict, Attempt a) {
    ConfirmPage page = page(verdict.outcome(), verdict.approval(), a, verdict.delegations());
    if (verdict.errors() != null) page = pages.withErrors(page, verdict.errors());
    return verdict.detail() == null ? page : page.withDetail(verdict.detail());
  }

  /** The page for an outcome, reading the delegations when the part was handed on. */
  ConfirmPage page(DecisionOutcome outcome, ApprovalRecord approval, Attempt a) {
    if (outcome != DecisionOutcome.DELEGATED) return pageOnly(outcome, approval, a);
    return page(outcome, approval, a, voteStore.delegations(approval.id()));
  }

  /** A page without an approval to show. */
  ConfirmPage bare(DecisionOutcome outcome) {
    return pages.bare(outcome);
  }

  /** The page, saying to whom the part was handed when that is why nothing happens. */
  private ConfirmPage page(
      DecisionOutcome outcome,
      ApprovalRecord approval,
      Attempt a,
      Map<String, String> delegations) {
    ConfirmPage page = pageOnly(outcome, approval, a);
    String to = outcome == DecisionOutcome.DELEGATED ? Refusals.delegatedTo(a, delegations) : null;
    return to == null ? page : page.withDetail("Handed to " + to + ".");
  }

  private ConfirmPage pageOnly(DecisionOutcome outcome, ApprovalRecord approval, Attempt a) {
    LinkRecord link = a.link();
    Instant good =
        link == null || approval.expiresAt().isBefore(link.expiresAt())
            ? approval.expiresAt()
            : link.expiresAt();
    return pages.page(
        outcome,
        approval,
        a.choice(),
        link == null ? null : link.recipient(),
        good,
        a.actor(),
        a.here(),
        a.fields());
  }
}
