package io.stepwise.api.schedule.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/**
 * A row of {@code schedules}; never leaves this package ({@link io.stepwise.api.schedule.Schedule}
 * does, through {@link ScheduleColumns}).
 */
@Entity
@Table(name = "schedules")
@IdClass(ScheduleEntity.Key.class)
class ScheduleEntity extends PanacheEntityBase {
  @Id
  @Column(name = "group_name")
  String groupName;

  @Id String name;

  String arn;
  String description;
  String expression;
  String timezone;

  @Column(name = "start_date")
  Instant startDate;

  @Column(name = "end_date")
  Instant endDate;

  /** ENABLED or DISABLED. */
  String state;

  /** The flexible window's minutes; null: OFF. */
  @Column(name = "window_minutes")
  Integer windowMinutes;

  /** NONE or DELETE. */
  @Column(name = "after_completion")
  String afterCompletion;

  @Column(name = "kms_key_arn")
  String kmsKeyArn;

  /** The target as GetSchedule shows it, as JSON. */
  String target;

  /** The state machine the target starts (a machine's page lists its schedules by it). */
  @Column(name = "target_arn")
  String targetArn;

  @Column(name = "owner_name")
  String ownerName;

  @Column(name = "owner_kind")
  String ownerKind;

  /** Role ids, a JSON array. */
  @Column(name = "owner_roles")
  String ownerRoles;

  /** Team names, a JSON array. */
  @Column(name = "owner_teams")
  String ownerTeams;

  Instant anchor;

  @Column(name = "next_fire_at")
  Instant nextFireAt;

  /** CreateSchedule's, so a create sent again with it can be recognized. */
  @Column(name = "client_token")
  String clientToken;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "updated_at")
  Instant updatedAt;

  /** The primary key: one schedule of a name per group. */
  record Key(String groupName, String name) implements Serializable {}
}
