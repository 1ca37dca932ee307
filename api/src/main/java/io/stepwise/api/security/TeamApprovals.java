package io.stepwise.api.security;

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
import javax.sql.DataSource;

/**
 * The approvals store with its listings (the inbox, and the approvals decided from it) narrowed to
 * approvals of executions the page's caller may see: their teams' (an admin sees all). Everything
 * else, the signed links included, is the store itself: a link is its own authority.
 */
@Alternative
@Priority(10)
@ApplicationScoped
class TeamApprovals extends ApprovalStore {
  private final TeamScope scope;

  /** For the client proxy only. */
  TeamApprovals() {
    super(null);
    this.scope = null;
  }

  @Inject
  TeamApprovals(DataSource dataSource, TeamScope scope) {
    super(dataSource);
    this.scope = scope;
  }

  @Override
  public List<ApprovalRecord> approvals(ApprovalStatus status, int max) {
    return visible(super.approvals(status, max));
  }

  @Override
  public List<ApprovalRecord> approvalsOfExecution(String executionArn) {
    if (!scope.visible(executionArn)) return List.of();
    return visible(super.approvalsOfExecution(executionArn));
  }

  /** An approval decided from the inbox must be one the inbox shows the caller. */
  @Override
  public Optional<ApprovalRecord> inboxApproval(UUID id) {
    return super.inboxApproval(id).filter(a -> scope.visible(a.executionArn()));
  }

  private List<ApprovalRecord> visible(List<ApprovalRecord> all) {
    if (scope.limited().isEmpty()) return all;
    return all.stream().filter(a -> scope.visible(a.executionArn())).toList();
  }
}
