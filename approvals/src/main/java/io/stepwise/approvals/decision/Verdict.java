package io.stepwise.approvals.decision;

import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.VoteRecord;
import java.util.Map;
import java.util.UUID;

/**
 * What the part of an attempt under the approval's row lock found; the page is drawn after the
 * commit (drawing reads the votes).
 *
 * @param errors the form's errors by field, or null
 * @param detail a line the page adds, or null
 * @param answer the task to answer after the commit (the vote completes the quorum), or null
 */
record Verdict(
    DecisionOutcome outcome,
    ApprovalRecord approval,
    Map<String, String> delegations,
    Map<String, String> errors,
    String detail,
    Answer answer) {
  /** Another attempt is answering the task: try again shortly. */
  static final Verdict WAIT = new Verdict(null, null, null, null, null, null);

  /** A verdict that only says what became of the attempt. */
  static Verdict of(
      DecisionOutcome outcome, ApprovalRecord approval, Map<String, String> delegations) {
    return new Verdict(outcome, approval, delegations, null, null, null);
  }

  /** A vote that completes the quorum (or the reject quorum), claimed under the lock. */
  record Answer(VoteRecord vote, String result, String error, UUID linkId, String how) {}
}
