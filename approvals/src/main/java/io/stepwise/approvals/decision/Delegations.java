package io.stepwise.approvals.decision;

import io.stepwise.approvals.mail.MailOutbox;
import io.stepwise.approvals.policy.Addresses;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.LinkRecord;
import io.stepwise.approvals.store.LockedApproval;
import io.stepwise.approvals.store.VoteRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Hands a decider's part to someone else (AllowDelegation), under the approval's row lock, with the
 * same checks as a decision.
 */
@ApplicationScoped
class Delegations {
  private static final Logger LOG = Logger.getLogger(Delegations.class);

  private final ApprovalLocks locks;
  private final Refusals refusals;
  private final AttemptPages pages;
  private final AttemptAudits audits;
  private final MailOutbox outbox;

  Delegations(
      ApprovalLocks locks,
      Refusals refusals,
      AttemptPages pages,
      AttemptAudits audits,
      MailOutbox outbox) {
    this.locks = locks;
    this.refusals = refusals;
    this.pages = pages;
    this.audits = audits;
    this.outbox = outbox;
  }

  /**
   * Hands the attempt's person's part to {@code delegate}: the same checks as a decision, then the
   * delegate must be an address that is not theirs, not asked already and not decided. The delegate
   * gets their own links by mail; the delegator's links and inbox stop deciding. Never throws.
   */
  ConfirmPage delegate(Attempt a, String delegate) {
    try {
      Optional<Verdict> verdict =
          locks.underLock(a.approvalId(), locked -> delegateLocked(locked, a, delegate));
      if (verdict.isEmpty()) return pages.bare(DecisionOutcome.TAMPERED);
      if (verdict.get().outcome() == DecisionOutcome.HANDED_OVER) outbox.wake();
      return pages.page(verdict.get(), a);
    } catch (RuntimeException e) {
      LOG.warnf(e, "Delegation on approval %s could not be recorded", a.approvalId());
      audits.audit(a, DecisionOutcome.UNAVAILABLE, "delegation: " + e.getMessage());
      return pages.bare(DecisionOutcome.UNAVAILABLE);
    }
  }

  private Verdict delegateLocked(LockedApproval locked, Attempt a, String delegate) {
    ApprovalRecord approval = locked.approval();
    if (locked.answering(a.now())) return Verdict.WAIT;
    List<VoteRecord> votes = locked.votes();
    Map<String, String> delegations = locked.delegations();
    DecisionOutcome refusal = refusals.refusal(approval, a, false, votes, delegations);
    if (refusal != null) {
      locked.audit(a.entry(refusal, "delegation"));
      return Verdict.of(refusal, approval, delegations);
    }
    String to = delegate == null ? "" : delegate.strip();
    String problem = problem(approval, a, to, votes, delegations);
    if (problem != null) {
      locked.audit(a.entry(DecisionOutcome.BAD_DELEGATION, problem));
      return new Verdict(
          DecisionOutcome.BAD_DELEGATION, approval, delegations, null, problem, null);
    }
    String delegator = a.voter(approval);
    String replaced =
        approval.recipients().stream()
            .filter(r -> Attempt.lower(r).equals(delegator))
            .findFirst()
            .orElse(null);
    List<LinkRecord> links = new ArrayList<>();
    for (String choice : approval.choices()) {
      links.add(
          new LinkRecord(UUID.randomUUID(), approval.id(), to, choice, approval.expiresAt(), null));
    }
    String note = a.person() + " handed their decision on this approval to you.";
    locked.delegated(delegator, replaced, to, links, note, a.now().truncatedTo(ChronoUnit.MILLIS));
    locked.audit(a.entry(DecisionOutcome.HANDED_OVER, "delegated to " + to));
    return new Verdict(
        DecisionOutcome.HANDED_OVER, approval, delegations, null, "Handed to " + to + ".", null);
  }

  /** Why the part cannot go to {@code to}, or null when it can. */
  private static String problem(
      ApprovalRecord approval,
      Attempt a,
      String to,
      List<VoteRecord> votes,
      Map<String, String> delegations) {
    String key = Attempt.lower(to);
    if (!approval.policy().allowDelegation()) return "This approval does not allow delegation.";
    if (!Addresses.valid(to)) return "'" + to + "' is not an e-mail address.";
    if (a.identities().contains(key)) return "You cannot hand it to yourself.";
    if (votes.stream().anyMatch(v -> v.voter().equals(key))) return to + " has decided already.";
    if (approval.recipients().stream().map(Attempt::lower).anyMatch(key::equals)
        || delegations.containsKey(key)) {
      return to + " is asked already.";
    }
    return null;
  }
}
