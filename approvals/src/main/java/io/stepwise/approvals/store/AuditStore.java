package io.stepwise.approvals.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The audit trail of decisions ({@code approval_audit}): attempts outside a decision are written
 * here in their own transaction, those inside one by {@link ApprovalStore.LockedApproval}.
 */
@ApplicationScoped
public class AuditStore {
  private final Jdbc jdbc;

  @Inject
  public AuditStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /** Records an attempt outside any decision (a tampered link, a refused CSRF token). */
  public void audit(AuditEntry entry) {
    jdbc.inTransaction(
        c -> {
          insert(c, entry);
          return null;
        });
  }

  /** An approval's audit entries, oldest first. */
  public List<AuditEntry> audit(UUID approvalId) {
    return jdbc.select(
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
                      Jdbc.instant(rs, 3),
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

  static void insert(Connection c, AuditEntry e) throws SQLException {
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
}
