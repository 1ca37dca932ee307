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
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code approval_votes}; never leaves this package ({@link VoteRecord} does). */
@Entity
@Table(name = "approval_votes")
@IdClass(VoteEntity.Key.class)
class VoteEntity extends PanacheEntityBase {
  @Id
  @Column(name = "approval_id")
  UUID approvalId;

  @Id String voter;

  @Column(name = "decided_by")
  String decidedBy;

  String decision;
  String comment;

  @Column(name = "decided_at")
  Instant decidedAt;

  @JdbcTypeCode(SqlTypes.JSON)
  String fields;

  /** One vote per voter and approval. */
  record Key(UUID approvalId, String voter) implements Serializable {}

  static VoteEntity of(VoteRecord v) {
    VoteEntity e = new VoteEntity();
    e.approvalId = v.approvalId();
    e.voter = v.voter();
    e.decidedBy = v.decidedBy();
    e.decision = v.decision();
    e.comment = v.comment();
    e.decidedAt = v.decidedAt();
    e.fields = v.fields();
    return e;
  }

  VoteRecord record() {
    return new VoteRecord(approvalId, voter, decidedBy, decision, comment, decidedAt, fields);
  }
}
