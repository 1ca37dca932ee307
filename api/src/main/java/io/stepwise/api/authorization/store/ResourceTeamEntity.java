package io.stepwise.api.authorization.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code resource_teams}; never leaves this package ({@link ResourceTeamTable} does). */
@Entity
@Table(name = "resource_teams")
class ResourceTeamEntity extends PanacheEntityBase {
  @Id
  @Column(name = "resource_arn")
  String resourceArn;

  String team;

  @Column(name = "created_by")
  String createdBy;

  @Column(name = "created_at")
  Instant createdAt;
}
