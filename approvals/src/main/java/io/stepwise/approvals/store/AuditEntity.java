package io.stepwise.approvals.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code approval_audit}; never leaves this package ({@link AuditEntry} does). */
@Entity
@Table(name = "approval_audit")
class AuditEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Long id;

  @Column(name = "approval_id")
  UUID approvalId;

  @Column(name = "link_id")
  UUID linkId;

  Instant at;
  String actor;

  @Column(name = "remote_address")
  String remoteAddress;

  String choice;
  String outcome;
  String detail;

  static AuditEntity of(AuditEntry e) {
    AuditEntity row = new AuditEntity();
    row.approvalId = e.approvalId();
    row.linkId = e.linkId();
    row.at = e.at();
    row.actor = e.actor();
    row.remoteAddress = e.remoteAddress();
    row.choice = e.choice();
    row.outcome = e.outcome();
    row.detail = e.detail();
    return row;
  }

  AuditEntry entry() {
    return new AuditEntry(approvalId, linkId, at, actor, remoteAddress, choice, outcome, detail);
  }
}
