package io.stepwise.api.approvals;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.authentication.Callers;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.caller.Caller;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The approvals store with its listings (the inbox, and the approvals decided from it) narrowed to
 * approvals of executions the page's caller may see: their teams' (an admin sees all). Everything
 * else, the signed links included, is the store itself: a link is its own authority.
 */
@Alternative
@Priority(10)
@ApplicationScoped
class TeamApprovals extends ApprovalStore {
  private final Callers callers;
  private final Authorizer authorizer;

  /** For the client proxy only. */
  TeamApprovals() {
    this.callers = null;
    this.authorizer = null;
  }

  @Inject
  TeamApprovals(Callers callers, Authorizer authorizer) {
    this.callers = callers;
    this.authorizer = authorizer;
  }

  @Override
  public List<ApprovalRecord> approvals(ApprovalStatus status, int max) {
    return visible(super.approvals(status, max));
  }

  @Override
  public List<ApprovalRecord> approvalsOfExecution(String executionArn) {
    if (!visible(callers.current(), executionArn)) return List.of();
    return visible(super.approvalsOfExecution(executionArn));
  }

  /** An approval decided from the inbox must be one the inbox shows the caller. */
  @Override
  public Optional<ApprovalRecord> inboxApproval(UUID id) {
    Caller caller = callers.current();
    return super.inboxApproval(id).filter(a -> visible(caller, a.executionArn()));
  }

  private List<ApprovalRecord> visible(List<ApprovalRecord> all) {
    Caller caller = callers.current();
    if (caller.isAdmin()) return all;
    return all.stream().filter(a -> visible(caller, a.executionArn())).toList();
  }

  private boolean visible(Caller caller, String executionArn) {
    return caller.isAdmin()
        || Arn.parse(executionArn).map(arn -> authorizer.canSee(caller, arn)).orElse(false);
  }
}
