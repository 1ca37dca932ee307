package io.stepwise.approvals.decision;

import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.VoteRecord;
import io.stepwise.approvals.store.VoteStore;
import io.stepwise.engine.interpret.ExecutionStatus;
import io.stepwise.engine.service.ExecutionDetail;
import io.stepwise.engine.service.ExecutionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Why an attempt cannot decide now: the rules a decision and a delegation check under the row lock,
 * and that a page checks before offering anything.
 */
@ApplicationScoped
class Refusals {
  private final VoteStore voteStore;
  private final Instance<ExecutionService> executions;

  Refusals(VoteStore voteStore, Instance<ExecutionService> executions) {
    this.voteStore = voteStore;
    this.executions = executions;
  }

  /**
   * Why this attempt cannot decide now, or null when it can. Through a link, the link is the
   * authority unless the approval requires sign-in; from the inbox, the user must be one of the
   * approval's deciders (To or Groups). Nobody decides twice, and with {@code PreventSelfApproval}
   * the execution's starter not at all.
   */
  DecisionOutcome refusal(
      ApprovalRecord approval,
      Attempt a,
      boolean askEngine,
      List<VoteRecord> votes,
      Map<String, String> delegations) {
    switch (approval.status()) {
      case DECIDED -> {
        return DecisionOutcome.ALREADY_DECIDED;
      }
      case EXPIRED -> {
        return DecisionOutcome.EXPIRED;
      }
      case CLOSED -> {
        return DecisionOutcome.NOT_WAITING;
      }
      case PENDING -> {}
    }
    if (a.linkExpired()
        || (a.link() != null && !a.now().isBefore(a.link().expiresAt()))
        || !a.now().isBefore(approval.expiresAt())) {
      return DecisionOutcome.EXPIRED;
    }
    if (askEngine && !executionRunning(approval.executionArn())) {
      return DecisionOutcome.NOT_WAITING;
    }
    if (delegatedTo(a, delegations) != null) return DecisionOutcome.DELEGATED;
    boolean deciderOnly = a.link() == null || approval.requireSignIn();
    if (deciderOnly && !a.actor().signedIn()) return DecisionOutcome.SIGN_IN_REQUIRED;
    if (deciderOnly && !a.actor().mayDecide(approval)) return DecisionOutcome.NOT_ALLOWED;
    Set<String> who = a.identities();
    if (approval.policy().preventSelfApproval()
        && approval.startedBy().stream().map(Attempt::lower).anyMatch(who::contains)) {
      return DecisionOutcome.SELF_APPROVAL;
    }
    if (votes.stream().anyMatch(v -> who.contains(v.voter()))) {
      return DecisionOutcome.ALREADY_VOTED;
    }
    return null;
  }

  /** {@link #refusal(ApprovalRecord, Attempt, boolean, List, Map)} as stored now. */
  DecisionOutcome refusal(ApprovalRecord approval, Attempt a, boolean askEngine) {
    return refusal(
        approval,
        a,
        askEngine,
        voteStore.votes(approval.id()),
        voteStore.delegations(approval.id()));
  }

  /** To whom the attempt's person handed their part, or null. */
  static String delegatedTo(Attempt a, Map<String, String> delegations) {
    return a.identities().stream()
        .map(delegations::get)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /** Whether the execution still runs, as far as the read model says (unknown counts as yes). */
  private boolean executionRunning(String executionArn) {
    if (!executions.isResolvable()) return true;
    try {
      return executions
          .get()
          .describe(executionArn)
          .map(ExecutionDetail::summary)
          .map(s -> s.status() == ExecutionStatus.RUNNING)
          .orElse(true);
    } catch (RuntimeException e) {
      return true;
    }
  }
}
