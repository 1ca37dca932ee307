package io.stepwise.approvals.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code approval_links}; never leaves this package ({@link LinkRecord} does). */
@Entity
@Table(name = "approval_links")
class LinkEntity extends PanacheEntityBase {
  @Id UUID id;

  @Column(name = "approval_id")
  UUID approvalId;

  String recipient;
  String choice;

  @Column(name = "expires_at")
  Instant expiresAt;

  @Column(name = "used_at")
  Instant usedAt;

  static LinkEntity of(LinkRecord link) {
    LinkEntity e = new LinkEntity();
    e.id = link.id();
    e.approvalId = link.approvalId();
    e.recipient = link.recipient();
    e.choice = link.choice();
    e.expiresAt = link.expiresAt();
    e.usedAt = link.usedAt();
    return e;
  }

  LinkRecord record() {
    return new LinkRecord(id, approvalId, recipient, choice, expiresAt, usedAt);
  }
}
