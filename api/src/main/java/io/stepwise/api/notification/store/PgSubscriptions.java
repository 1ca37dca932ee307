package io.stepwise.api.notification.store;

import io.quarkus.panache.common.Sort;
import io.stepwise.api.notification.Subscription;
import io.stepwise.server.persistence.Entities;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The subscriptions in {@code notification_subscriptions}, through their entity: {@link
 * Subscription} records, the signing secret still sealed. Calls block: use them from worker or
 * virtual threads. Deliveries and their attempts are explicit SQL ({@code
 * notification.DeliveryLog}, {@code DeliveryWorker}).
 */
@ApplicationScoped
public class PgSubscriptions {
  private static final Sort NEWEST_FIRST = Sort.descending("createdAt").and("id");

  /** A subscription with its sealed signing secret. */
  public record Stored(Subscription subscription, byte[] sealedSecret) {}

  public void insert(Subscription s, byte[] sealedSecret) {
    SubscriptionEntity row = new SubscriptionEntity();
    row.id = s.id();
    row.name = s.name();
    row.team = s.team();
    row.eventPattern = s.eventPattern();
    row.targetKind = s.target().name();
    row.webhookUrl = s.webhookUrl();
    row.emailTo = s.emailTo().isEmpty() ? null : String.join(",", s.emailTo());
    row.secretSealed = sealedSecret;
    row.createdBy = s.createdBy();
    row.ownerEmail = s.ownerEmail();
    row.createdAt = s.createdAt();
    Entities.inTransaction(() -> row.persist().replaceWithVoid());
  }

  public Optional<Stored> find(String id) {
    return Optional.ofNullable(
        Entities.read(
            () ->
                SubscriptionEntity.<SubscriptionEntity>findById(id)
                    .map(row -> row == null ? null : new Stored(of(row), row.secretSealed))));
  }

  /** Every subscription, newest first (the dispatcher matches each event against all of them). */
  public List<Subscription> all() {
    List<SubscriptionEntity> rows = Entities.read(() -> SubscriptionEntity.listAll(NEWEST_FIRST));
    return rows.stream().map(PgSubscriptions::of).toList();
  }

  /** Deletes the subscription; its deliveries and their attempts go with it (the keys cascade). */
  public boolean delete(String id) {
    return Entities.inTransaction(() -> SubscriptionEntity.delete("id", id)) > 0;
  }

  private static Subscription of(SubscriptionEntity row) {
    return new Subscription(
        row.id,
        row.name,
        row.team,
        row.eventPattern,
        Subscription.Target.valueOf(row.targetKind),
        row.webhookUrl,
        row.emailTo == null ? List.of() : Arrays.asList(row.emailTo.split(",")),
        row.createdBy,
        row.ownerEmail,
        row.createdAt,
        row.failingSince);
  }
}
