package io.stepwise.approvals.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One approval request as stored: the task it resolves, what approvers see, and its decision.
 *
 * @param failOn choice → error name for choices that fail the task
 */
public record ApprovalRecord(
    UUID id,
    String taskToken,
    String executionArn,
    String stateMachineArn,
    String stateName,
    String subject,
    String message,
    List<String> choices,
    Map<String, String> failOn,
    List<String> recipients,
    List<String> groups,
    boolean allowComment,
    boolean requireSignIn,
    Instant createdAt,
    Instant expiresAt,
    ApprovalStatus status,
    String decision,
    String comment,
    String decidedBy,
    Instant decidedAt,
    String closedReason) {

  /** This approval as decided. */
  public ApprovalRecord decided(String choice, String note, String by, Instant at) {
    return new ApprovalRecord(
        id,
        taskToken,
        executionArn,
        stateMachineArn,
        stateName,
        subject,
        message,
        choices,
        failOn,
        recipients,
        groups,
        allowComment,
        requireSignIn,
        createdAt,
        expiresAt,
        ApprovalStatus.DECIDED,
        choice,
        note,
        by,
        at,
        null);
  }
}
