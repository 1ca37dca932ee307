package io.stepwise.approvals.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of {@code approval_settings}. */
@Entity
@Table(name = "approval_settings")
class SettingEntity extends PanacheEntityBase {
  @Id String name;
  String value;
}
