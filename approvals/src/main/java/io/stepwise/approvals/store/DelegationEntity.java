package io.stepwise.approvals.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A row of {@code approval_delegations}: who handed their part of an approval to whom. */
@Entity
@Table(name = "approval_delegations")
@IdClass(DelegationEntity.Key.class)
class DelegationEntity extends PanacheEntityBase {
  @Id
  @Column(name = "approval_id")
  UUID approvalId;

  /** Lower case. */
  @Id String delegator;

  String delegate;
  Instant at;

  /** One delegation per delegator and approval. */
  record Key(UUID approvalId, String delegator) implements Serializable {}
}
