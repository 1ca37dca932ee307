package io.stepwise.api.schedule.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code schedule_groups}; never leaves this package ({@link StoredGroup} does). */
@Entity
@Table(name = "schedule_groups")
class ScheduleGroupEntity extends PanacheEntityBase {
  @Id String name;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "updated_at")
  Instant updatedAt;
}
