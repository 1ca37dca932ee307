package io.stepwise.api.statemachine.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code state_machine_aliases}; never leaves this package ({@link PgVersions} does). */
@Entity
@Table(name = "state_machine_aliases")
class AliasEntity extends PanacheEntityBase {
  @Id String arn;

  @Column(name = "state_machine_arn")
  String stateMachineArn;

  String name;

  String description;

  /** The routing configuration, a JSON array of version ARNs and weights. */
  String routing;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "updated_at")
  Instant updatedAt;
}
