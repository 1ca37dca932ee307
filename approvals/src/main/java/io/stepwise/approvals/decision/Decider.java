package io.stepwise.approvals.decision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.approvals.decision.Verdict.Answer;
import io.stepwise.approvals.policy.ApprovalPolicy;
import io.stepwise.approvals.policy.FormSchema;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.LockedApproval;
import io.stepwise.approvals.store.VoteRecord;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.TaskTokenService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Makes one decision, whichever way it came (a mailed link or the inbox): holding the approval's
 * row lock ({@link ApprovalLocks}, so it is made once, across nodes) it checks the approval's state
 * and who asks ({@link Refusals}) and records and audits the outcome. A vote that completes the
 * quorum claims the approval under the lock, resolves the task through {@link TaskTokenService}
 * after the commit (the task service needs a pooled connection of its own, which a transaction
 * holding one must not wait for) and records the decision under the lock again; attempts meanwhile
 * wait for the claim as they waited for the lock. Delegation is {@link Delegations}'.
 */
@ApplicationScoped
public class Decider {
  private static final Logger LOG = Logger.getLogger(Decider.class);

  /** TaskTokenService refusals that mean the task is gone for good, not a passing failure. */
  private static final Set<String> GONE =
      Set.of("TaskDoesNotExist", "TaskTimedOut", "InvalidToken");

  static final int MAX_COMMENT = 4000;

  private final ApprovalStore store;
  private final ApprovalLocks locks;
  private final Refusals refusals;
  private final AttemptPages pages;
  private final AttemptAudits audits;
  private final TaskTokenService tokens;

  @Inject
  Decider(
      ApprovalStore store,
      ApprovalLocks locks,
      Refusals refusals,
      AttemptPages pages,
      AttemptAudits audits,
      TaskTokenService tokens) {
    this.store = store;
    this.locks = locks;
    this.refusals = refusals;
    this.pages = pages;
    this.audits = audits;
    this.tokens = tokens;
  }

  /** Decides, or says why not; never throws (a failure leaves everything as it was). */
  ConfirmPage decide(Attempt a) {
    String note = a.comment() == null || a.comment().isBlank() ? null : a.comment().strip();
    if (note != null && note.length() > MAX_COMMENT) note = note.substring(0, MAX_COMMENT);
    String comment = note;
    try {
      Optional<Verdict> verdict =
          locks.underLock(a.approvalId(), locked -> decideLocked(locked, a, comment));
      if (verdict.isEmpty()) return pages.bare(DecisionOutcome.TAMPERED);
      if (verdict.get().answer() != null) return answer(a, verdict.get());
      return pages.page(verdict.get(), a);
    } catch (RuntimeException e) {
      // The task service or the database failed: the transaction rolled back, nothing changed.
      LOG.warnf(e, "Decision on approval %s could not be recorded", a.approvalId());
      audits.audit(a, DecisionOutcome.UNAVAILABLE, String.valueOf(e.getMessage()));
      return store
          .approval(a.approvalId())
          .map(approval -> pages.page(DecisionOutcome.UNAVAILABLE, approval, a))
          .orElse(pages.bare(DecisionOutcome.UNAVAILABLE));
    }
  }

  /**
   * Under the approval's row lock: checks the attempt, records the vote and, when the votes now
   * make the quorum (or the reject quorum), resolves the task with all the votes. Two attempts that
   * would each complete the quorum run here one after the other: the second finds it decided.
   */
  private Verdict decideLocked(LockedApproval locked, Attempt a, String comment) {
    ApprovalRecord approval = locked.approval();
    if (locked.answering(a.now())) return Verdict.WAIT;
    List<VoteRecord> votes = locked.votes();
    Map<String, String> delegations = locked.delegations();
    DecisionOutcome refusal =
        refusals.refusal(approval, a, /* askEngine= */ false, votes, delegations);
    if (refusal != null) {
      locked.audit(a.entry(refusal, null));
      return Verdict.of(refusal, approval, delegations);
    }
    ApprovalPolicy policy = approval.policy();
    ObjectNode fields = null;
    if (policy.fields() != null) {
      FormSchema.Filled filled =
          policy.fields().fill(a.fields(), policy.fieldsRequiredFor(a.choice()));
      if (!filled.valid()) {
        locked.audit(
            a.entry(DecisionOutcome.INVALID_FIELDS, String.join("; ", filled.errors().values())));
        return new Verdict(
            DecisionOutcome.INVALID_FIELDS, approval, delegations, filled.errors(), null, null);
      }
      fields = filled.values();
    }
    Instant at = a.now().truncatedTo(ChronoUnit.MILLIS);
    VoteRecord vote =
        new VoteRecord(
            approval.id(),
            a.voter(approval),
            a.person(),
            a.choice(),
            approval.allowComment() ? comment : null,
            at,
            fields == null ? null : fields.toString());
    List<VoteRecord> all = new ArrayList<>(votes);
    all.add(vote);
    String error = approval.failOn().get(a.choice());
    long same = all.stream().filter(v -> v.decision().equals(a.choice())).count();
    int needed =
        error != null
            ? policy.rejectQuorum()
            : policy.quorum().required(approval.recipients().size());
    UUID linkId = a.link() == null ? null : a.link().id();
    String how = a.link() == null ? "from the inbox; " : "";
    if (same < needed) {
      locked.voted(vote, linkId);
      locked.audit(
          a.entry(DecisionOutcome.VOTED, how + "vote " + same + " of " + needed + " needed"));
      return Verdict.of(DecisionOutcome.VOTED, approval, delegations);
    }
    locked.answeringUntil(a.now().plus(LockedApproval.ANSWERING));
    Answer answer = new Answer(vote, Outputs.result(vote, all), error, linkId, how);
    return new Verdict(DecisionOutcome.DECIDED, approval, delegations, null, null, answer);
  }

  /**
   * Resolves the task with the claimed deciding vote (no transaction open), then records the
   * decision, or that the task was gone, under the lock, ending the claim.
   */
  private ConfirmPage answer(Attempt a, Verdict verdict) {
    ApprovalRecord approval = verdict.approval();
    Answer answer = verdict.answer();
    VoteRecord vote = answer.vote();
    try {
      if (answer.error() == null) {
        tokens.succeed(approval.taskToken(), answer.result());
      } else {
        tokens.fail(approval.taskToken(), answer.error(), answer.result());
      }
    } catch (ServiceException e) {
      if (!GONE.contains(e.code())) throw endClaim(a, e);
      store.withLockedApproval(
          a.approvalId(),
          locked -> {
            locked.answered();
            locked.ended(ApprovalStatus.CLOSED, e.code() + ": " + e.getMessage());
            locked.audit(a.entry(DecisionOutcome.NOT_WAITING, e.code()));
            return true;
          });
      return pages.page(DecisionOutcome.NOT_WAITING, approval, a);
    } catch (RuntimeException e) {
      throw endClaim(a, e);
    }
    store.withLockedApproval(
        a.approvalId(),
        locked -> {
          locked.answered();
          locked.voted(vote, answer.linkId());
          locked.decided(vote);
          locked.audit(
              a.entry(
                  DecisionOutcome.DECIDED,
                  answer.how()
                      + (answer.error() == null
                          ? "task succeeded"
                          : "task failed with " + answer.error())));
          return true;
        });
    ApprovalRecord decided =
        approval.decided(
            vote.decision(), vote.comment(), vote.decidedBy(), vote.decidedAt(), vote.fields());
    return pages.page(DecisionOutcome.DECIDED, decided, a);
  }

  /** The task was not answered: the claim ends, so the next attempt may try. */
  private RuntimeException endClaim(Attempt a, RuntimeException failure) {
    try {
      store.withLockedApproval(
          a.approvalId(),
          locked -> {
            locked.answered();
            return true;
          });
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
    return failure;
  }
}
