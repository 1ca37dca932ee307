package io.stepwise.api.authentication.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of {@code access_keys}; never leaves this package ({@link AccessKeyTable} hands out
 * records). The secret is sealed with the server key.
 */
@Entity
@Table(name = "access_keys")
class AccessKeyEntity extends PanacheEntityBase {
  @Id
  @Column(name = "access_key_id")
  String id;

  @Column(name = "secret_enc")
  byte[] secretSealed;

  @Column(name = "owner_kind")
  String ownerKind;

  String owner;

  /** Role ids, comma-separated and sorted. */
  String roles;

  /** Team names, comma-separated and sorted. */
  String teams;

  String description;

  @Column(name = "created_by")
  String createdBy;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "last_used_at")
  Instant lastUsedAt;

  @Column(name = "revoked_at")
  Instant revokedAt;
}
