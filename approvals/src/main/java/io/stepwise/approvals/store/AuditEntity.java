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

/** A row of {@code approval_audit}; its id (bigserial) orders the trail. */
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

  static AuditEntity of(AuditEntry a) {
    AuditEntity e = new AuditEntity();
    e.approvalId = a.approvalId();
    e.linkId = a.linkId();
    e.at = a.at();
    e.actor = a.actor();
    e.remoteAddress = a.remoteAddress();
    e.choice = a.choice();
    e.outcome = a.outcome();
    e.detail = a.detail();
    return e;
  }

  AuditEntry record() {
    return new AuditEntry(approvalId, linkId, at, actor, remoteAddress, choice, outcome, detail);
  }
}
