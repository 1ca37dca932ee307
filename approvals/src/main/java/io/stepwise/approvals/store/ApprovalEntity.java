package io.stepwise.approvals.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A row of {@code approval_requests}; never leaves this package ({@link ApprovalRecord} does). */
@Entity
@Table(name = "approval_requests")
class ApprovalEntity extends PanacheEntityBase {
  @Id UUID id;

  @Column(name = "task_token")
  String taskToken;

  @Column(name = "execution_arn")
  String executionArn;

  @Column(name = "state_machine_arn")
  String stateMachineArn;

  @Column(name = "state_name")
  String stateName;

  String subject;
  String message;
  String[] choices;

  @Column(name = "fail_choices")
  String[] failChoices;

  @Column(name = "fail_errors")
  String[] failErrors;

  String[] recipients;
  String[] groups;

  @Column(name = "allow_comment")
  boolean allowComment;

  @Column(name = "require_sign_in")
  boolean requireSignIn;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "expires_at")
  Instant expiresAt;

  String status;
  String decision;
  String comment;

  @Column(name = "decided_by")
  String decidedBy;

  @Column(name = "decided_at")
  Instant decidedAt;

  @Column(name = "closed_reason")
  String closedReason;

  static ApprovalEntity of(ApprovalRecord a) {
    ApprovalEntity e = new ApprovalEntity();
    e.id = a.id();
    e.taskToken = a.taskToken();
    e.executionArn = a.executionArn();
    e.stateMachineArn = a.stateMachineArn();
    e.stateName = a.stateName();
    e.subject = a.subject();
    e.message = a.message();
    e.choices = array(a.choices());
    e.failChoices = array(List.copyOf(a.failOn().keySet()));
    e.failErrors = array(List.copyOf(a.failOn().values()));
    e.recipients = array(a.recipients());
    e.groups = array(a.groups());
    e.allowComment = a.allowComment();
    e.requireSignIn = a.requireSignIn();
    e.createdAt = a.createdAt();
    e.expiresAt = a.expiresAt();
    e.status = a.status().name();
    return e;
  }

  ApprovalRecord record() {
    Map<String, String> failOn = new LinkedHashMap<>();
    for (int i = 0; i < failChoices.length; i++) failOn.put(failChoices[i], failErrors[i]);
    return new ApprovalRecord(
        id,
        taskToken,
        executionArn,
        stateMachineArn,
        stateName,
        subject,
        message,
        List.of(choices),
        Map.copyOf(failOn),
        List.of(recipients),
        List.of(groups),
        allowComment,
        requireSignIn,
        createdAt,
        expiresAt,
        ApprovalStatus.valueOf(status),
        decision,
        comment,
        decidedBy,
        decidedAt,
        closedReason);
  }

  static String[] array(List<String> values) {
    return values.toArray(String[]::new);
  }
}
