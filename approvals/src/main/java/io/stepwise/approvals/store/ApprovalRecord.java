package io.stepwise.approvals.store;

import io.stepwise.approvals.policy.ApprovalPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One approval request as stored: the task it resolves, what approvers see, and its decision.
 *
 * @param failOn choice → error name for choices that fail the task
 * @param fields the deciding vote's form values (JSON), or null
 * @param policy quorum, self-approval, reminders, escalation, delegation and form
 * @param startedBy who started the execution (user name, verified address), as recorded at
 *     dispatch; empty when unknown
 * @param remindersSent how many reminders went out
 * @param escalationsDone how many escalation steps were taken
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
    String closedReason,
    String fields,
    ApprovalPolicy policy,
    List<String> startedBy,
    int remindersSent,
    int escalationsDone) {

  /** This approval as decided. */
  public ApprovalRecord decided(
      String choice, String note, String by, Instant at, String decidedFields) {
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
        null,
        decidedFields,
        policy,
        startedBy,
        remindersSent,
        escalationsDone);
  }
}
