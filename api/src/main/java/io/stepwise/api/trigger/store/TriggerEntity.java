package io.stepwise.api.trigger.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of {@code webhook_triggers}; never leaves this package ({@link PgTriggers} hands out {@link
 * io.stepwise.api.trigger.Trigger} records). The secret is sealed with the server key.
 */
@Entity
@Table(name = "webhook_triggers")
class TriggerEntity extends PanacheEntityBase {
  @Id String id;

  String name;

  @Column(name = "target_arn")
  String targetArn;

  @Column(name = "state_machine_arn")
  String stateMachineArn;

  /** {@link io.stepwise.api.trigger.Trigger.Auth}'s name. */
  String auth;

  /** {@link io.stepwise.api.trigger.Trigger.InputFormat}'s name. */
  @Column(name = "input_format")
  String inputFormat;

  @Column(name = "idempotency_key_path")
  String idempotencyKeyPath;

  @Column(name = "secret_enc")
  byte[] secretSealed;

  @Column(name = "created_by")
  String createdBy;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "rotated_at")
  Instant rotatedAt;
}
