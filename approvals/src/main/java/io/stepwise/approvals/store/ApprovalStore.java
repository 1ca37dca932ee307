package io.stepwise.approvals.store;

import io.stepwise.approvals.policy.ApprovalPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Approvals and their links ({@code approval_requests}, {@code approval_links}; migration {@code
 * db/migration/approvals}) over the server's JDBC datasource. Every method is one short
 * transaction; may block; safe from any thread and from several server nodes at once (row locks).
 * The listings ({@link #approvals}, {@link #approvalsOfExecution}, {@link #inboxApproval}) are what
 * the inbox shows; a server may narrow them to what its caller may see.
 */
@ApplicationScoped
public class ApprovalStore {
  private static final String COLUMNS =
      "id, task_token, execution_arn, state_machine_arn, state_name, subject, message, choices,"
          + " fail_choices, fail_errors, recipients, groups, allow_comment, require_sign_in,"
          + " created_at, expires_at, status, decision, comment, decided_by, decided_at,"
          + " closed_reason, fields::text, policy::text, started_by, reminders_sent,"
          + " escalations_done";
  private static final String LINK_COLUMNS =
      "l.id, l.approval_id, l.recipient, l.choice, l.expires_at, l.used_at";

  private final Jdbc jdbc;

  @Inject
  public ApprovalStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /**
   * Stores a new approval with its links and one mail per recipient, unless one exists for the task
   * token already (an at-least-once dispatch delivered it again).
   *
   * @return whether this call created it
   */
  public boolean create(ApprovalRecord a, List<LinkRecord> links) {
    return jdbc.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "insert into approval_requests ("
                      + COLUMNS.replace("::text", "")
                      + ") values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,null,null,null,null,null,null,?::jsonb,?,0,0)"
                      + " on conflict (task_token) do nothing")) {
            ps.setObject(1, a.id());
            ps.setString(2, a.taskToken());
            ps.setString(3, a.executionArn());
            ps.setString(4, a.stateMachineArn());
            ps.setString(5, a.stateName());
            ps.setString(6, a.subject());
            ps.setString(7, a.message());
            ps.setArray(8, Jdbc.texts(c, a.choices()));
            ps.setArray(9, Jdbc.texts(c, List.copyOf(a.failOn().keySet())));
            ps.setArray(10, Jdbc.texts(c, List.copyOf(a.failOn().values())));
            ps.setArray(11, Jdbc.texts(c, a.recipients()));
            ps.setArray(12, Jdbc.texts(c, a.groups()));
            ps.setBoolean(13, a.allowComment());
            ps.setBoolean(14, a.requireSignIn());
            ps.setTimestamp(15, Timestamp.from(a.createdAt()));
            ps.setTimestamp(16, Timestamp.from(a.expiresAt()));
            ps.setString(17, a.status().name());
            ps.setString(18, a.policy().toJson());
            ps.setArray(19, Jdbc.texts(c, a.startedBy()));
            if (ps.executeUpdate() == 0) return false;
          }
          insertLinks(c, links);
          OutboxStore.queue(c, a);
          return true;
        });
  }

  private static void insertLinks(Connection c, List<LinkRecord> links) throws SQLException {
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
  }

  public Optional<ApprovalRecord> approval(UUID id) {
    return first(jdbc.select(byKey("id"), ApprovalStore::approvals, id));
  }

  public Optional<ApprovalRecord> approvalForToken(String taskToken) {
    return first(jdbc.select(byKey("task_token"), ApprovalStore::approvals, taskToken));
  }

  /** The approval as the inbox may show it to the current caller (here: any). */
  public Optional<ApprovalRecord> inboxApproval(UUID id) {
    return approval(id);
  }

  /** Approvals newest first, of one status or all (null). */
  public List<ApprovalRecord> approvals(ApprovalStatus status, int max) {
    String sql =
        "select "
            + COLUMNS
            + " from approval_requests"
            + (status == null ? "" : " where status = ?")
            + " order by created_at desc limit ?";
    return status == null
        ? jdbc.select(sql, ApprovalStore::approvals, max)
        : jdbc.select(sql, ApprovalStore::approvals, status.name(), max);
  }

  /** Approvals of one execution, oldest first. */
  public List<ApprovalRecord> approvalsOfExecution(String executionArn) {
    return jdbc.select(
        "select " + COLUMNS + " from approval_requests where execution_arn = ? order by created_at",
        ApprovalStore::approvals,
        executionArn);
  }

  public Optional<LinkRecord> link(UUID id) {
    return first(
        jdbc.select(
            "select " + LINK_COLUMNS + " from approval_links l where l.id = ?",
            ApprovalStore::links,
            id));
  }

  /** One recipient's links of an approval, in the order of the choices. */
  public List<LinkRecord> links(UUID approvalId, String recipient) {
    return jdbc.select(
        "select "
            + LINK_COLUMNS
            + " from approval_links l join approval_requests a on a.id = l.approval_id"
            + " where l.approval_id = ? and l.recipient = ?"
            + " order by array_position(a.choices, l.choice)",
        ApprovalStore::links,
        approvalId,
        recipient);
  }

  /** Ids of pending approvals with reminders or escalation that may be due (the caller checks). */
  public List<UUID> pendingWithTimers(int max) {
    return jdbc.select(
        "select id from approval_requests where status = 'PENDING'"
            + " and (policy -> 'Reminders' is not null or policy -> 'Escalation' is not null)"
            + " order by created_at limit ?",
        ApprovalStore::ids,
        max);
  }

  private static List<UUID> ids(PreparedStatement ps) throws SQLException {
    List<UUID> ids = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) ids.add(rs.getObject(1, UUID.class));
    }
    return ids;
  }

  /** Ids of pending approvals whose links have run out. */
  public List<UUID> expiredPending(Instant now, int max) {
    return jdbc.select(
        "select id from approval_requests where status = 'PENDING' and expires_at <= ?"
            + " order by expires_at limit ?",
        ApprovalStore::ids,
        Timestamp.from(now),
        max);
  }

  /**
   * Runs {@code work} holding the approval's row lock, so two clicks on two nodes decide one at a
   * time; commits when it returns, rolls back when it throws. Empty when there is no such row.
   */
  public <T> Optional<T> withLockedApproval(UUID id, Function<LockedApproval, T> work) {
    return jdbc.inTransaction(
        c -> {
          Optional<ApprovalRecord> approval =
              first(Jdbc.select(c, byKey("id") + " for update", ApprovalStore::approvals, id));
          if (approval.isEmpty()) return Optional.empty();
          return Optional.ofNullable(work.apply(new LockedApproval(c, approval.get())));
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

    /** The votes cast so far, oldest first. */
    public List<VoteRecord> votes() {
      try {
        return Jdbc.select(c, VOTES, ApprovalStore::votes, approval.id());
      } catch (SQLException e) {
        throw new StoreException(e);
      }
    }

    /** Records one decider's vote and uses up the link it came through (null: the inbox). */
    public void voted(VoteRecord vote, UUID linkId) {
      execute(
          "insert into approval_votes (approval_id, voter, decided_by, decision, comment,"
              + " decided_at, fields) values (?,?,?,?,?,?,?::jsonb)",
          approval.id(),
          vote.voter(),
          vote.decidedBy(),
          vote.decision(),
          vote.comment(),
          Timestamp.from(vote.decidedAt()),
          vote.fields());
      if (linkId != null) {
        execute(
            "update approval_links set used_at = ? where id = ?",
            Timestamp.from(vote.decidedAt()),
            linkId);
      }
    }

    /** Records the decision the deciding vote made (the votes are recorded already). */
    public void decided(VoteRecord deciding) {
      execute(
          "update approval_requests set status = 'DECIDED', decision = ?, comment = ?,"
              + " decided_by = ?, decided_at = ?, fields = ?::jsonb where id = ?",
          deciding.decision(),
          deciding.comment(),
          deciding.decidedBy(),
          Timestamp.from(deciding.decidedAt()),
          deciding.fields(),
          approval.id());
      cancelUnsentMails();
    }

    /** Queues a reminder (number {@code n}) to these recipients, who have not decided yet. */
    public void remind(List<String> recipients, int n, String note, Instant at) {
      try {
        OutboxStore.queue(c, approval.id(), recipients, "REMINDER-" + n, note, at);
      } catch (SQLException e) {
        throw new StoreException(e);
      }
      execute("update approval_requests set reminders_sent = ? where id = ?", n, approval.id());
    }

    /**
     * Escalation step {@code step} (1-based): adds deciders, with their links, and mails them.
     *
     * @param links one per new recipient and choice
     */
    public void escalated(
        int step,
        List<String> newRecipients,
        List<String> newGroups,
        List<LinkRecord> links,
        String note,
        Instant at) {
      try {
        List<String> recipients = new ArrayList<>(approval.recipients());
        recipients.addAll(newRecipients);
        List<String> groups = new ArrayList<>(approval.groups());
        newGroups.stream().filter(g -> !groups.contains(g)).forEach(groups::add);
        execute(
            "update approval_requests set escalations_done = ?, recipients = ?, groups = ?"
                + " where id = ?",
            step,
            Jdbc.texts(c, recipients),
            Jdbc.texts(c, groups),
            approval.id());
        insertLinks(c, links);
        OutboxStore.queue(c, approval.id(), newRecipients, "ESCALATION-" + step, note, at);
      } catch (SQLException e) {
        throw new StoreException(e);
      }
    }

    /** Who handed their part to whom so far: delegator (lower case) → delegate. */
    public Map<String, String> delegations() {
      try {
        return Jdbc.select(c, DELEGATIONS, ApprovalStore::delegations, approval.id());
      } catch (SQLException e) {
        throw new StoreException(e);
      }
    }

    /**
     * A decider hands their part to {@code delegate}: the delegate takes their place among the
     * addressed deciders (with links and a mail), the delegator decides nothing more.
     *
     * @param replaced the delegator's address in {@code To}, or null (a group member)
     */
    public void delegated(
        String delegator,
        String replaced,
        String delegate,
        List<LinkRecord> links,
        String note,
        Instant at) {
      try {
        execute(
            "insert into approval_delegations (approval_id, delegator, delegate, at)"
                + " values (?,?,?,?)",
            approval.id(),
            delegator,
            delegate,
            Timestamp.from(at));
        List<String> recipients = new ArrayList<>(approval.recipients());
        if (replaced != null) recipients.remove(replaced);
        recipients.add(delegate);
        execute(
            "update approval_requests set recipients = ? where id = ?",
            Jdbc.texts(c, recipients),
            approval.id());
        insertLinks(c, links);
        OutboxStore.queue(c, approval.id(), List.of(delegate), "DELEGATION", note, at);
      } catch (SQLException e) {
        throw new StoreException(e);
      }
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
        AuditStore.insert(c, entry);
      } catch (SQLException e) {
        throw new StoreException(e);
      }
    }

    private void cancelUnsentMails() {
      try {
        OutboxStore.cancelUnsent(c, approval.id());
      } catch (SQLException e) {
        throw new StoreException(e);
      }
    }

    private void execute(String sql, Object... args) {
      try {
        Jdbc.update(c, sql, args);
      } catch (SQLException e) {
        throw new StoreException(e);
      }
    }
  }

  /** The votes on an approval, oldest first. */
  public List<VoteRecord> votes(UUID approvalId) {
    return jdbc.select(VOTES, ApprovalStore::votes, approvalId);
  }

  /** Who delegated to whom on an approval: delegator → delegate. */
  public Map<String, String> delegations(UUID approvalId) {
    return jdbc.select(DELEGATIONS, ApprovalStore::delegations, approvalId);
  }

  private static final String DELEGATIONS =
      "select delegator, delegate from approval_delegations where approval_id = ? order by at";

  private static Map<String, String> delegations(PreparedStatement ps) throws SQLException {
    Map<String, String> result = new LinkedHashMap<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) result.put(rs.getString(1), rs.getString(2));
    }
    return result;
  }

  private static final String VOTES =
      "select approval_id, voter, decided_by, decision, comment, decided_at, fields::text"
          + " from approval_votes where approval_id = ? order by decided_at, voter";

  private static List<VoteRecord> votes(PreparedStatement ps) throws SQLException {
    List<VoteRecord> result = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        result.add(
            new VoteRecord(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                Jdbc.instant(rs, 6),
                rs.getString(7)));
      }
    }
    return result;
  }

  private static String byKey(String column) {
    return "select " + COLUMNS + " from approval_requests where " + column + " = ?";
  }

  private static <T> Optional<T> first(List<T> rows) {
    return rows.stream().findFirst();
  }

  private static List<ApprovalRecord> approvals(PreparedStatement ps) throws SQLException {
    List<ApprovalRecord> result = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        List<String> failChoices = Jdbc.list(rs, 9);
        List<String> failErrors = Jdbc.list(rs, 10);
        Map<String, String> failOn = new LinkedHashMap<>();
        for (int i = 0; i < failChoices.size(); i++)
          failOn.put(failChoices.get(i), failErrors.get(i));
        List<String> choices = Jdbc.list(rs, 8);
        List<String> recipients = Jdbc.list(rs, 11);
        result.add(
            new ApprovalRecord(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                choices,
                Map.copyOf(failOn),
                recipients,
                Jdbc.list(rs, 12),
                rs.getBoolean(13),
                rs.getBoolean(14),
                Jdbc.instant(rs, 15),
                Jdbc.instant(rs, 16),
                ApprovalStatus.valueOf(rs.getString(17)),
                rs.getString(18),
                rs.getString(19),
                rs.getString(20),
                Jdbc.instant(rs, 21),
                rs.getString(22),
                rs.getString(23),
                ApprovalPolicy.read(rs.getString(24), choices, recipients.size()),
                Jdbc.list(rs, 25),
                rs.getInt(26),
                rs.getInt(27)));
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
                Jdbc.instant(rs, 5),
                Jdbc.instant(rs, 6)));
      }
    }
    return result;
  }
}
