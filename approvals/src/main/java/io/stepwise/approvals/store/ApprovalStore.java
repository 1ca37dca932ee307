package io.stepwise.approvals.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The approvals tables (migration {@code db/migration/approvals}) over the server's JDBC
 * datasource. Every method is one short transaction; may block; safe from any thread and from
 * several server nodes at once (row locks and SKIP LOCKED).
 */
@ApplicationScoped
public class ApprovalStore {
  private static final String APPROVAL_COLUMNS =
      "id, task_token, execution_arn, state_machine_arn, state_name, subject, message, choices,"
          + " fail_choices, fail_errors, recipients, groups, allow_comment, require_sign_in,"
          + " created_at, expires_at, status, decision, comment, decided_by, decided_at,"
          + " closed_reason";
  private static final String MAIL_COLUMNS =
      "id, approval_id, recipient, status, attempts, next_attempt_at, last_error, sent_at,"
          + " subject, text_body, html_body, created_at";

  private final DataSource dataSource;

  @Inject
  public ApprovalStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Stores a new approval with its links and one mail per recipient, unless one exists for the task
   * token already (an at-least-once dispatch delivered it again).
   *
   * @return whether this call created it
   */
  public boolean create(ApprovalRecord a, List<LinkRecord> links) {
    return inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into approval_requests ("
                      + APPROVAL_COLUMNS
                      + ") values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,null,null,null,null,null)"
                      + " on conflict (task_token) do nothing")) {
            ps.setObject(1, a.id());
            ps.setString(2, a.taskToken());
            ps.setString(3, a.executionArn());
            ps.setString(4, a.stateMachineArn());
            ps.setString(5, a.stateName());
            ps.setString(6, a.subject());
            ps.setString(7, a.message());
            ps.setArray(8, texts(c, a.choices()));
            ps.setArray(9, texts(c, List.copyOf(a.failOn().keySet())));
            ps.setArray(10, texts(c, List.copyOf(a.failOn().values())));
            ps.setArray(11, texts(c, a.recipients()));
            ps.setArray(12, texts(c, a.groups()));
            ps.setBoolean(13, a.allowComment());
            ps.setBoolean(14, a.requireSignIn());
            ps.setTimestamp(15, Timestamp.from(a.createdAt()));
            ps.setTimestamp(16, Timestamp.from(a.expiresAt()));
            ps.setString(17, a.status().name());
            if (ps.executeUpdate() == 0) return false;
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into approval_links (id, approval_id, recipient, choice, expires_at)"
                      + " values (?,?,?,?,?)")) {
            for (LinkRecord link : links) {
              ps.setObject(1, link.id());
              ps.setObject(2, link.approvalId());
              ps.setString(3, link.recipient());
              ps.setString(4, link.choice());
              ps.setTimestamp(5, Timestamp.from(link.expiresAt()));
              ps.addBatch();
            }
            ps.executeBatch();
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into approval_outbox (id, approval_id, recipient, status,"
                      + " next_attempt_at, created_at) values (?,?,?,'PENDING',?,?)")) {
            for (String recipient : a.recipients()) {
              ps.setObject(1, UUID.randomUUID());
              ps.setObject(2, a.id());
              ps.setString(3, recipient);
              ps.setTimestamp(4, Timestamp.from(a.createdAt()));
              ps.setTimestamp(5, Timestamp.from(a.createdAt()));
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return true;
        });
  }

  public Optional<ApprovalRecord> approval(UUID id) {
    return inTransaction(
        c -> one(c, "select " + APPROVAL_COLUMNS + " from approval_requests where id = ?", id));
  }

  public Optional<ApprovalRecord> approvalForToken(String taskToken) {
    return inTransaction(
        c ->
            one(
                c,
                "select " + APPROVAL_COLUMNS + " from approval_requests where task_token = ?",
                taskToken));
  }

  /** Approvals newest first, of one status or all (null). */
  public List<ApprovalRecord> approvals(ApprovalStatus status, int max) {
    String sql =
        "select "
            + APPROVAL_COLUMNS
            + " from approval_requests"
            + (status == null ? "" : " where status = ?")
            + " order by created_at desc limit ?";
    return status == null
        ? select(sql, ApprovalStore::approvals, max)
        : select(sql, ApprovalStore::approvals, status.name(), max);
  }

  /** Approvals of one execution, oldest first. */
  public List<ApprovalRecord> approvalsOfExecution(String executionArn) {
    return select(
        "select "
            + APPROVAL_COLUMNS
            + " from approval_requests where execution_arn = ? order by created_at",
        ApprovalStore::approvals,
        executionArn);
  }

  public Optional<LinkRecord> link(UUID id) {
    return select(
            "select id, approval_id, recipient, choice, expires_at, used_at"
                + " from approval_links where id = ?",
            ApprovalStore::links,
            id)
        .stream()
        .findFirst();
  }

  /** One recipient's links of an approval, in the order of the choices. */
  public List<LinkRecord> links(UUID approvalId, String recipient) {
    return select(
        "select l.id, l.approval_id, l.recipient, l.choice, l.expires_at, l.used_at"
            + " from approval_links l join approval_requests a on a.id = l.approval_id"
            + " where l.approval_id = ? and l.recipient = ?"
            + " order by array_position(a.choices, l.choice)",
        ApprovalStore::links,
        approvalId,
        recipient);
  }

  /**
   * Runs {@code work} holding the approval's row lock, so two clicks on two nodes decide one at a
   * time; commits when it returns, rolls back when it throws. Empty when there is no such row.
   */
  public <T> Optional<T> withLockedApproval(UUID id, Function<LockedApproval, T> work) {
    return inTransaction(
        c -> {
          Optional<ApprovalRecord> approval =
              one(
                  c,
                  "select " + APPROVAL_COLUMNS + " from approval_requests where id = ? for update",
                  id);
          if (approval.isEmpty()) return Optional.empty();
          return Optional.ofNullable(work.apply(new LockedApproval(c, approval.get())));
        });
  }

  /** Records an attempt outside any decision (a tampered link, a refused CSRF token). */
  public void audit(AuditEntry entry) {
    inTransaction(
        c -> {
          insertAudit(c, entry);
          return null;
        });
  }

  public List<AuditEntry> audit(UUID approvalId) {
    return select(
        "select approval_id, link_id, at, actor, remote_address, choice, outcome, detail"
            + " from approval_audit where approval_id = ? order by id",
        ps -> {
          List<AuditEntry> entries = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              entries.add(
                  new AuditEntry(
                      rs.getObject(1, UUID.class),
                      rs.getObject(2, UUID.class),
                      instant(rs, 3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getString(7),
                      rs.getString(8)));
            }
          }
          return entries;
        },
        approvalId);
  }

  /** Ids of pending approvals whose links have run out. */
  public List<UUID> expiredPending(Instant now, int max) {
    return select(
        "select id from approval_requests where status = 'PENDING' and expires_at <= ?"
            + " order by expires_at limit ?",
        ps -> {
          List<UUID> ids = new ArrayList<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) ids.add(rs.getObject(1, UUID.class));
          }
          return ids;
        },
        Timestamp.from(now),
        max);
  }

  /**
   * Claims due mails for {@code lease}: another node skips them until the lease runs out, so a mail
   * is sent by one node at a time, and a node that dies mid-send leaves it to be retried.
   */
  public List<OutboxMail> claimDue(Instant now, Duration lease, int max) {
    return inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "update approval_outbox set leased_until = ?, attempts = attempts + 1"
                      + " where id in (select id from approval_outbox"
                      + " where status in ('PENDING','RETRYING') and next_attempt_at <= ?"
                      + " and (leased_until is null or leased_until <= ?)"
                      + " order by next_attempt_at limit ? for update skip locked)"
                      + " returning "
                      + MAIL_COLUMNS)) {
            ps.setTimestamp(1, Timestamp.from(now.plus(lease)));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setInt(4, max);
            return mails(ps);
          }
        });
  }

  /** The mail went out (or onto the dev outbox, then with its content kept for that page). */
  public void mailDelivered(
      UUID id, MailStatus status, Instant at, String subject, String text, String html) {
    update(
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
    update(
        "update approval_outbox set status = 'RETRYING', last_error = ?, next_attempt_at = ?,"
            + " leased_until = null where id = ? and status in ('PENDING','RETRYING')",
        error,
        Timestamp.from(nextAttempt),
        id);
  }

  /** The approval ended before its mail went out: it never will. */
  public void mailCancelled(UUID id) {
    update("update approval_outbox set status = 'CANCELLED', leased_until = null where id = ?", id);
  }

  public List<OutboxMail> mails(UUID approvalId) {
    return select(
        "select " + MAIL_COLUMNS + " from approval_outbox where approval_id = ? order by recipient",
        ApprovalStore::mails,
        approvalId);
  }

  /** Mails of any status, newest first. */
  public List<OutboxMail> recentMails(int max) {
    return select(
        "select "
            + MAIL_COLUMNS
            + " from approval_outbox order by created_at desc, recipient limit ?",
        ApprovalStore::mails,
        max);
  }

  /** The stored setting, or {@code generate}'s value stored first by whichever node came first. */
  public String setting(String name, Supplier<String> generate) {
    return inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into approval_settings (name, value) values (?, ?)"
                      + " on conflict (name) do nothing")) {
            ps.setString(1, name);
            ps.setString(2, generate.get());
            ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement("select value from approval_settings where name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getString(1);
            }
          }
        });
  }

  /** The approval row held under lock by {@link #withLockedApproval}; valid only inside it. */
  public static final class LockedApproval {
    private final Connection c;
    private final ApprovalRecord approval;

    private LockedApproval(Connection c, ApprovalRecord approval) {
      this.c = c;
      this.approval = approval;
    }

    public ApprovalRecord approval() {
      return approval;
    }

    /** Records the decision and uses up the link it came through (null: not through a link). */
    public void decided(
        String decision, String comment, String decidedBy, Instant at, UUID linkId) {
      execute(
          "update approval_requests set status = 'DECIDED', decision = ?, comment = ?,"
              + " decided_by = ?, decided_at = ? where id = ?",
          decision,
          comment,
          decidedBy,
          Timestamp.from(at),
          approval.id());
      if (linkId != null) {
        execute("update approval_links set used_at = ? where id = ?", Timestamp.from(at), linkId);
      }
      cancelUnsentMails();
    }

    /** Ends the approval without a decision (EXPIRED or CLOSED) for that reason. */
    public void ended(ApprovalStatus status, String reason) {
      execute(
          "update approval_requests set status = ?, closed_reason = ? where id = ?",
          status.name(),
          reason,
          approval.id());
      cancelUnsentMails();
    }

    public void audit(AuditEntry entry) {
      try {
        insertAudit(c, entry);
      } catch (SQLException e) {
        throw new StoreException(e);
      }
    }

    private void cancelUnsentMails() {
      execute(
          "update approval_outbox set status = 'CANCELLED' where approval_id = ?"
              + " and status in ('PENDING','RETRYING')",
          approval.id());
    }

    private void execute(String sql, Object... args) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, args);
        ps.executeUpdate();
      } catch (SQLException e) {
        throw new StoreException(e);
      }
    }
  }

  /** A database failure; the caller's transaction was rolled back. */
  public static final class StoreException extends RuntimeException {
    StoreException(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T inTransaction(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new StoreException(e);
    }
  }

  @FunctionalInterface
  private interface Rows<T> {
    T read(PreparedStatement ps) throws SQLException;
  }

  /**
   * One query in its own transaction: the statement bound to {@code args}, read by {@code rows}.
   */
  private <T> T select(String sql, Rows<T> rows, Object... args) {
    return inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return rows.read(ps);
          }
        });
  }

  private void update(String sql, Object... args) {
    inTransaction(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
          }
        });
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
  }

  private static void insertAudit(Connection c, AuditEntry e) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into approval_audit (approval_id, link_id, at, actor, remote_address, choice,"
                + " outcome, detail) values (?,?,?,?,?,?,?,?)")) {
      ps.setObject(1, e.approvalId());
      ps.setObject(2, e.linkId());
      ps.setTimestamp(3, Timestamp.from(e.at()));
      ps.setString(4, e.actor());
      ps.setString(5, e.remoteAddress());
      ps.setString(6, e.choice());
      ps.setString(7, e.outcome());
      ps.setString(8, e.detail());
      ps.executeUpdate();
    }
  }

  private static Optional<ApprovalRecord> one(Connection c, String sql, Object key)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, key);
      return approvals(ps).stream().findFirst();
    }
  }

  private static List<ApprovalRecord> approvals(PreparedStatement ps) throws SQLException {
    List<ApprovalRecord> result = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        List<String> failChoices = list(rs, 9);
        List<String> failErrors = list(rs, 10);
        Map<String, String> failOn = new LinkedHashMap<>();
        for (int i = 0; i < failChoices.size(); i++)
          failOn.put(failChoices.get(i), failErrors.get(i));
        result.add(
            new ApprovalRecord(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                list(rs, 8),
                Map.copyOf(failOn),
                list(rs, 11),
                list(rs, 12),
                rs.getBoolean(13),
                rs.getBoolean(14),
                instant(rs, 15),
                instant(rs, 16),
                ApprovalStatus.valueOf(rs.getString(17)),
                rs.getString(18),
                rs.getString(19),
                rs.getString(20),
                instant(rs, 21),
                rs.getString(22)));
      }
    }
    return result;
  }

  private static List<LinkRecord> links(PreparedStatement ps) throws SQLException {
    List<LinkRecord> result = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.add(
            new LinkRecord(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getString(3),
                rs.getString(4),
                instant(rs, 5),
                instant(rs, 6)));
      }
    }
    return result;
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
                instant(rs, 6),
                rs.getString(7),
                instant(rs, 8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                instant(rs, 12)));
      }
    }
    return result;
  }

  private static Array texts(Connection c, List<String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray(String[]::new));
  }

  private static List<String> list(ResultSet rs, int column) throws SQLException {
    Array array = rs.getArray(column);
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
