package io.stepwise.approvals.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code approval_links}: one recipient's link for one choice. */
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

  static LinkEntity of(LinkRecord l) {
    LinkEntity e = new LinkEntity();
    e.id = l.id();
    e.approvalId = l.approvalId();
    e.recipient = l.recipient();
    e.choice = l.choice();
    e.expiresAt = l.expiresAt();
    e.usedAt = l.usedAt();
    return e;
  }

  LinkRecord record() {
    return new LinkRecord(id, approvalId, recipient, choice, expiresAt, usedAt);
  }
}
