package io.stepwise.approvals.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.stepwise.server.persistence.Entities;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.LockMode;

/**
 * The approval mails to send ({@code approval_outbox}): one row per approval and recipient, claimed
 * under a lease, marked sent, failed (with the next attempt) or cancelled. Rows are created with
 * their approval and cancelled with its end, in those transactions ({@link ApprovalStore}, {@link
 * LockedApproval}). May block; safe from several nodes at once (SKIP LOCKED).
 */
@ApplicationScoped
public class OutboxStore {

  /**
   * Claims due mails for {@code lease}: another node skips them until the lease runs out, so a mail
   * is sent by one node at a time, and a node that dies mid-send leaves it to be retried.
   */
  public List<OutboxMail> claimDue(Instant now, Duration lease, int max) {
    return Entities.inTransaction(
        () ->
            Panache.getSession()
                .chain(
                    session ->
                        session
                            .createSelectionQuery(
                                "from OutboxEntity where status in ('PENDING','RETRYING')"
                                    + " and nextAttemptAt <= ?1"
                                    + " and (leasedUntil is null or leasedUntil <= ?1)"
                                    + " order by nextAttemptAt",
                                OutboxEntity.class)
                            .setParameter(1, now)
                            .setLockMode(LockMode.UPGRADE_SKIPLOCKED)
                            .setMaxResults(max)
                            .getResultList())
                .map(
                    rows ->
                        rows.stream()
                            .map(
                                row -> {
                                  row.leasedUntil = now.plus(lease);
                                  row.attempts++;
                                  return row.mail();
                                })
                            .toList()));
  }

  /** The mail went out (or onto the dev outbox, then with its content kept for that page). */
  public void mailDelivered(
      UUID id, MailStatus status, Instant at, String subject, String text, String html) {
    Entities.inTransaction(
        () ->
            OutboxEntity.update(
                "status = ?1, sentAt = ?2, leasedUntil = null, lastError = null, subject = ?3,"
                    + " textBody = ?4, htmlBody = ?5 where id = ?6",
                status.name(),
                at,
                subject,
                text,
                html,
                id));
  }

  /** The attempt failed; the mail is tried again at {@code nextAttempt}. */
  public void mailFailed(UUID id, String error, Instant nextAttempt) {
    Entities.inTransaction(
        () ->
            OutboxEntity.update(
                "status = 'RETRYING', lastError = ?1, nextAttemptAt = ?2, leasedUntil = null"
                    + " where id = ?3 and status in ('PENDING','RETRYING')",
                error,
                nextAttempt,
                id));
  }

  /** The approval ended before its mail went out: it never will. */
  public void mailCancelled(UUID id) {
    Entities.inTransaction(
        () -> OutboxEntity.update("status = 'CANCELLED', leasedUntil = null where id = ?1", id));
  }

  /** An approval's mails, by recipient. */
  public List<OutboxMail> mails(UUID approvalId) {
    return Entities.read(
        () ->
            OutboxEntity.<OutboxEntity>list(
                    "approvalId = ?1 order by recipient, createdAt", approvalId)
                .map(rows -> rows.stream().map(OutboxEntity::mail).toList()));
  }

  /** Mails of any status, newest first. */
  public List<OutboxMail> recentMails(int max) {
    return Entities.read(
        () ->
            OutboxEntity.<OutboxEntity>find("order by createdAt desc, recipient")
                .page(0, max)
                .list()
                .map(rows -> rows.stream().map(OutboxEntity::mail).toList()));
  }

  /** Queues one mail per recipient of a new approval, in the transaction that stores it. */
  static Uni<Void> queue(ApprovalRecord a) {
    return queue(a.id(), a.recipients(), OutboxMail.REQUEST, null, a.createdAt());
  }

  /**
   * Queues one mail of a kind (request, reminder, escalation) per recipient, due now; a mail of
   * that kind queued already for a recipient stays as it is. Runs under the approval's row lock (or
   * with its insert), so no other writer queues for it meanwhile.
   *
   * @param note what the mail says first (why it comes), or null
   */
  static Uni<Void> queue(
      UUID approvalId, List<String> recipients, String kind, String note, Instant at) {
    Uni<Void> chain = Uni.createFrom().voidItem();
    for (String recipient : recipients) {
      chain =
          chain
              .chain(
                  () ->
                      OutboxEntity.count(
                          "approvalId = ?1 and recipient = ?2 and kind = ?3",
                          approvalId,
                          recipient,
                          kind))
              .chain(
                  queued -> {
                    if (queued > 0) return Uni.createFrom().voidItem();
                    OutboxEntity row = new OutboxEntity();
                    row.id = UUID.randomUUID();
                    row.approvalId = approvalId;
                    row.recipient = recipient;
                    row.status = MailStatus.PENDING.name();
                    row.nextAttemptAt = at;
                    row.createdAt = at;
                    row.kind = kind;
                    row.note = note;
                    return row.persist().replaceWithVoid();
                  });
    }
    return chain;
  }

  /** Cancels an ended approval's unsent mails, in the transaction that ends it. */
  static Uni<Void> cancelUnsent(UUID approvalId) {
    return OutboxEntity.update(
            "status = 'CANCELLED' where approvalId = ?1 and status in ('PENDING','RETRYING')",
            approvalId)
        .replaceWithVoid();
  }
}
