package io.stepwise.approvals.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The approval mails to send ({@code approval_outbox}): one row per approval and recipient, claimed
 * under a lease, marked sent, failed (with the next attempt) or cancelled. Rows are created with
 * their approval and cancelled with its end, in those transactions ({@link ApprovalStore}). May
 * block; safe from several nodes at once (SKIP LOCKED).
 */
@ApplicationScoped
public class OutboxStore {
  private static final String COLUMNS =
      "id, approval_id, recipient, status, attempts, next_attempt_at, last_error, sent_at,"
          + " subject, text_body, html_body, created_at, kind, note";

  private final Jdbc jdbc;

  @Inject
  public OutboxStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /**
   * Claims due mails for {@code lease}: another node skips them until the lease runs out, so a mail
   * is sent by one node at a time, and a node that dies mid-send leaves it to be retried.
   */
  public List<OutboxMail> claimDue(Instant now, Duration lease, int max) {
    return jdbc.select(
        "update approval_outbox set leased_until = ?, attempts = attempts + 1"
            + " where id in (select id from approval_outbox"
            + " where status in ('PENDING','RETRYING') and next_attempt_at <= ?"
            + " and (leased_until is null or leased_until <= ?)"
            + " order by next_attempt_at limit ? for update skip locked)"
            + " returning "
            + COLUMNS,
        OutboxStore::mails,
        Timestamp.from(now.plus(lease)),
        Timestamp.from(now),
        Timestamp.from(now),
        max);
  }

  /** The mail went out (or onto the dev outbox, then with its content kept for that page). */
  public void mailDelivered(
      UUID id, MailStatus status, Instant at, String subject, String text, String html) {
    jdbc.update(
        "update approval_outbox set status = ?, sent_at = ?, leased_until = null,"
            + " last_error = null, subject = ?, text_body = ?, html_body = ? where id = ?",
        status.name(),
        Timestamp.from(at),
        subject,
        text,
        html,
        id);
  }

  /** The attempt failed; the mail is tried again at {@code nextAttempt}. */
  public void mailFailed(UUID id, String error, Instant nextAttempt) {
    jdbc.update(
        "update approval_outbox set status = 'RETRYING', last_error = ?, next_attempt_at = ?,"
            + " leased_until = null where id = ? and status in ('PENDING','RETRYING')",
        error,
        Timestamp.from(nextAttempt),
        id);
  }

  /** The approval ended before its mail went out: it never will. */
  public void mailCancelled(UUID id) {
    jdbc.update(
        "update approval_outbox set status = 'CANCELLED', leased_until = null where id = ?", id);
  }

  /** An approval's mails, by recipient. */
  public List<OutboxMail> mails(UUID approvalId) {
    return jdbc.select(
        "select "
            + COLUMNS
            + " from approval_outbox where approval_id = ? order by recipient, created_at",
        OutboxStore::mails,
        approvalId);
  }

  /** Mails of any status, newest first. */
  public List<OutboxMail> recentMails(int max) {
    return jdbc.select(
        "select " + COLUMNS + " from approval_outbox order by created_at desc, recipient limit ?",
        OutboxStore::mails,
        max);
  }

  /** Queues one mail per recipient of a new approval, in the transaction that stores it. */
  static void queue(Connection c, ApprovalRecord a) throws SQLException {
    queue(c, a.id(), a.recipients(), OutboxMail.REQUEST, null, a.createdAt());
  }

  /**
   * Queues one mail of a kind (request, reminder, escalation) per recipient, due now; a mail of
   * that kind queued already for a recipient stays as it is.
   *
   * @param note what the mail says first (why it comes), or null
   */
  static void queue(
      Connection c, UUID approvalId, List<String> recipients, String kind, String note, Instant at)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into approval_outbox (id, approval_id, recipient, status,"
                + " next_attempt_at, created_at, kind, note) values (?,?,?,'PENDING',?,?,?,?)"
                + " on conflict (approval_id, recipient, kind) do nothing")) {
      for (String recipient : recipients) {
        ps.setObject(1, UUID.randomUUID());
        ps.setObject(2, approvalId);
        ps.setString(3, recipient);
        ps.setTimestamp(4, Timestamp.from(at));
        ps.setTimestamp(5, Timestamp.from(at));
        ps.setString(6, kind);
        ps.setString(7, note);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Cancels an ended approval's unsent mails, in the transaction that ends it. */
  static void cancelUnsent(Connection c, UUID approvalId) throws SQLException {
    Jdbc.update(
        c,
        "update approval_outbox set status = 'CANCELLED' where approval_id = ?"
            + " and status in ('PENDING','RETRYING')",
        approvalId);
  }

  private static List<OutboxMail> mails(PreparedStatement ps) throws SQLException {
    List<OutboxMail> result = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.add(
            new OutboxMail(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                MailStatus.valueOf(rs.getString(4)),
                rs.getInt(5),
                Jdbc.instant(rs, 6),
                rs.getString(7),
                Jdbc.instant(rs, 8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                Jdbc.instant(rs, 12),
                rs.getString(13),
                rs.getString(14)));
      }
    }
    return result;
  }
}
