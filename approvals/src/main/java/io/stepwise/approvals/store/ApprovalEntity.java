package io.stepwise.approvals.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.stepwise.approvals.policy.ApprovalPolicy;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

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

  /** The deciding form's values (JSON text), or null. */
  @JdbcTypeCode(SqlTypes.JSON)
  String fields;

  /** The approval's policy as written in the state's parameters (JSON text). */
  @JdbcTypeCode(SqlTypes.JSON)
  String policy;

  @Column(name = "started_by")
  String[] startedBy;

  @Column(name = "reminders_sent")
  int remindersSent;

  @Column(name = "escalations_done")
  int escalationsDone;

  /**
   * Until when a decider answers the task outside the row lock (V1010): other attempts wait for it,
   * so the task is answered once and the approval records that answer.
   */
  @Column(name = "answering_until")
  Instant answeringUntil;

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
    e.policy = a.policy().toJson();
    e.startedBy = array(a.startedBy());
    return e;
  }

  ApprovalRecord record() {
    Map<String, String> failOn = new LinkedHashMap<>();
    for (int i = 0; i < failChoices.length; i++) failOn.put(failChoices[i], failErrors[i]);
    List<String> choiceList = list(choices);
    List<String> recipientList = list(recipients);
    return new ApprovalRecord(
        id,
        taskToken,
        executionArn,
        stateMachineArn,
        stateName,
        subject,
        message,
        choiceList,
        Map.copyOf(failOn),
        recipientList,
        list(groups),
        allowComment,
        requireSignIn,
        createdAt,
        expiresAt,
        ApprovalStatus.valueOf(status),
        decision,
        comment,
        decidedBy,
        decidedAt,
        closedReason,
        fields,
        ApprovalPolicy.read(policy, choiceList, recipientList.size()),
        list(startedBy),
        remindersSent,
        escalationsDone);
  }

  static String[] array(List<String> values) {
    return values.toArray(String[]::new);
  }

  private static List<String> list(String[] values) {
    return values == null ? List.of() : List.of(values);
  }
}
