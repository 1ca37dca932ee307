package io.stepwise.api.statemachine.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code state_machine_versions}; never leaves this package ({@link PgVersions} does). */
@Entity
@Table(name = "state_machine_versions")
class VersionEntity extends PanacheEntityBase {
  @Id String arn;

  @Column(name = "state_machine_arn")
  String stateMachineArn;

  int version;

  String definition;

  @Column(name = "role_arn")
  String roleArn;

  String description;

  @Column(name = "revision_id")
  String revisionId;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "published_by")
  String publishedBy;
}
