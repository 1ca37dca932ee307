package io.stepwise.api.notification.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of {@code notification_subscriptions} as a person made it; never leaves this package
 * ({@link PgSubscriptions} hands out {@link io.stepwise.api.notification.Subscription} records).
 * The signing secret is sealed with the server key. The delivery state of the row ({@code
 * failing_since}, {@code failing_mailed_at}, {@code mail_window_*}) is written by the deliveries'
 * own transactions in explicit SQL: the entity reads {@code failing_since} and never writes it.
 */
@Entity
@Table(name = "notification_subscriptions")
class SubscriptionEntity extends PanacheEntityBase {
  @Id String id;

  String name;

  /** Null: an admin's subscription, which sees every team's executions. */
  String team;

  @Column(name = "event_pattern")
  String eventPattern;

  /** {@link io.stepwise.api.notification.Subscription.Target}'s name. */
  @Column(name = "target_kind")
  String targetKind;

  @Column(name = "webhook_url")
  String webhookUrl;

  /** Mail addresses, comma-separated; null for a webhook. */
  @Column(name = "email_to")
  String emailTo;

  @Column(name = "secret_enc")
  byte[] secretSealed;

  @Column(name = "created_by")
  String createdBy;

  @Column(name = "owner_email")
  String ownerEmail;

  @Column(name = "created_at")
  Instant createdAt;

  @Column(name = "failing_since", insertable = false, updatable = false)
  Instant failingSince;
}
