package io.stepwise.approvals.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One approval mail to one recipient, with its delivery state. Subject and bodies are kept only for
 * mails held on the dev outbox (mailed links are credentials; SMTP mails are not kept).
 */
public record OutboxMail(
    UUID id,
    UUID approvalId,
    String recipient,
    MailStatus status,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant sentAt,
    String subject,
    String textBody,
    String htmlBody,
    Instant createdAt,
    String kind,
    String note) {

  /** The first mail of a recipient: the request itself (others are reminders or escalations). */
  public static final String REQUEST = "REQUEST";

  public boolean reminder() {
    return kind.startsWith("REMINDER");
  }
}
