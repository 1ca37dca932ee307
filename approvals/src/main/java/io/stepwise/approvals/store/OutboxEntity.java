package io.stepwise.approvals.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code approval_outbox}; never leaves this package ({@link OutboxMail} does). */
@Entity
@Table(name = "approval_outbox")
class OutboxEntity extends PanacheEntityBase {
  @Id UUID id;

  @Column(name = "approval_id")
  UUID approvalId;

  String recipient;
  String status;
  int attempts;

  @Column(name = "next_attempt_at")
  Instant nextAttemptAt;

  @Column(name = "leased_until")
  Instant leasedUntil;

  @Column(name = "last_error")
  String lastError;

  @Column(name = "sent_at")
  Instant sentAt;

  String subject;

  @Column(name = "text_body")
  String textBody;

  @Column(name = "html_body")
  String htmlBody;

  @Column(name = "created_at")
  Instant createdAt;

  String kind;
  String note;

  OutboxMail mail() {
    return new OutboxMail(
        id,
        approvalId,
        recipient,
        MailStatus.valueOf(status),
        attempts,
        nextAttemptAt,
        lastError,
        sentAt,
        subject,
        textBody,
        htmlBody,
        createdAt,
        kind,
        note);
  }
}
