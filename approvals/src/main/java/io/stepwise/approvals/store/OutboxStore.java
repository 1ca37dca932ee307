package io.stepwise.approvals.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.hibernate.LockMode;

/**
 * The approval mails to send ({@code approval_outbox}): one row per approval and recipient, claimed
 * under a lease, marked sent, failed (with the next attempt) or cancelled. Rows are created with
 * their approval and cancelled with its end, in those transactions ({@link ApprovalStore}). Safe
 * from several nodes at once ({@code FOR UPDATE SKIP LOCKED}).
 */
@ApplicationScoped
public class OutboxStore {
  private static final List<String> UNSENT = List.of("PENDING", "RETRYING");

  /**
   * Claims due mails for {@code lease}: another node skips them until the lease runs out, so a mail
   * is sent by one node at a time, and a node that dies mid-send leaves it to be retried.
   */
  public List<OutboxMail> claimDue(Instant now, Duration lease, int max) {
    return Transactions.inTransaction(
        () ->
            Panache.getSession()
                .chain(
                    session ->
                        session
                            .createSelectionQuery(
                                "from OutboxEntity where status in ?1 and nextAttemptAt <= ?2"
                                    + " and (leasedUntil is null or leasedUntil <= ?2)"
                                    + " order by nextAttemptAt",
                                OutboxEntity.class)
                            .setParameter(1, UNSENT)
                            .setParameter(2, now)
                            // FOR UPDATE SKIP LOCKED: nodes claiming at once take different rows.
                            .setLockMode(LockMode.UPGRADE_SKIPLOCKED)
                            .setMaxResults(max)
                            .getResultList())
                .map(
                    rows ->
                        rows.stream()
                            .map(
                                e -> {
                                  e.leasedUntil = now.plus(lease);
                                  e.attempts++;
                                  return e.record();
                                })
                            .toList()));
  }

  /** The mail went out (or onto the dev outbox, then with its content kept for that page). */
  public void mailDelivered(
      UUID id, MailStatus status, Instant at, String subject, String text, String html) {
    change(
        id,
        e -> {
          e.status = status.name();
          e.sentAt = at;
          e.leasedUntil = null;
          e.lastError = null;
          e.subject = subject;
          e.textBody = text;
          e.htmlBody = html;
        });
  }

  /** The attempt failed; the mail is tried again at {@code nextAttempt}. */
  public void mailFailed(UUID id, String error, Instant nextAttempt) {
    change(
        id,
        e -> {
          if (!UNSENT.contains(e.status)) return;
          e.status = MailStatus.RETRYING.name();
          e.lastError = error;
          e.nextAttemptAt = nextAttempt;
          e.leasedUntil = null;
        });
  }

  /** The approval ended before its mail went out: it never will. */
  public void mailCancelled(UUID id) {
    change(
        id,
        e -> {
          e.status = MailStatus.CANCELLED.name();
          e.leasedUntil = null;
        });
  }

  /** An approval's mails, by recipient. */
  public List<OutboxMail> mails(UUID approvalId) {
    return Transactions.reading(
        () ->
            OutboxEntity.<OutboxEntity>list("approvalId", Sort.ascending("recipient"), approvalId)
                .map(OutboxStore::records));
  }

  /** Mails of any status, newest first. */
  public List<OutboxMail> recentMails(int max) {
    return Transactions.reading(
        () ->
            OutboxEntity.<OutboxEntity>findAll(
                    Sort.descending("createdAt").and("recipient", Sort.Direction.Ascending))
                .page(Page.ofSize(max))
                .list()
                .map(OutboxStore::records));
  }

  /** One mail per recipient of a new approval, to be stored in the transaction that stores it. */
  static List<OutboxEntity> firstMails(ApprovalRecord a) {
    return a.recipients().stream()
        .map(
            recipient -> {
              OutboxEntity e = new OutboxEntity();
              e.id = UUID.randomUUID();
              e.approvalId = a.id();
              e.recipient = recipient;
              e.status = MailStatus.PENDING.name();
              e.nextAttemptAt = a.createdAt();
              e.createdAt = a.createdAt();
              return e;
            })
        .toList();
  }

  /** Cancels an ended approval's unsent mails, in the transaction that ends it. */
  static Uni<Integer> cancelUnsent(UUID approvalId) {
    return OutboxEntity.update(
        "status = 'CANCELLED' where approvalId = ?1 and status in ?2", approvalId, UNSENT);
  }

  private static void change(UUID id, Consumer<OutboxEntity> edit) {
    Transactions.inTransaction(
        () ->
            OutboxEntity.<OutboxEntity>findById(id)
                .invoke(
                    e -> {
                      if (e != null) edit.accept(e);
                    }));
  }

  private static List<OutboxMail> records(List<OutboxEntity> rows) {
    return rows.stream().map(OutboxEntity::record).toList();
  }
}
