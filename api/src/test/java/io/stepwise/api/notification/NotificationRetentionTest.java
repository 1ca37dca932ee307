package io.stepwise.api.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.stepwise.api.EmbeddedPostgresResource;
import io.stepwise.api.JsonApi;
import io.stepwise.api.ops.BackgroundLoops;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.security.LocalProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The retention job forgets notification deliveries and their attempts, attempts of kept
 * deliveries, and undispatched outbox events older than the retention period, in batches; pending
 * deliveries and younger rows stay.
 */
@QuarkusTest
@TestProfile(NotificationProfile.class)
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
class NotificationRetentionTest {
  private static final String EXECUTION =
      "arn:aws:states:us-east-1:123456789012:execution:retained:run";

  @Inject Database db;
  @Inject NotificationRetention retention;
  @Inject DeliveryWorker worker;
  @Inject BackgroundLoops loops;

  private final JsonApi admin = new JsonApi(LocalProfile.adminKey());

  private long delivery(String subscription, String state, double days) {
    return db.query(
            "INSERT INTO notification_deliveries (subscription_id, execution_arn, event_id, event,"
                + " state, created_at) VALUES ($1, $2, 'e', '{}', $3, now() - make_interval(secs => $4 * 86400))"
                + " RETURNING id",
            subscription,
            EXECUTION,
            state,
            days)
        .iterator()
        .next()
        .getLong("id");
  }

  private void attempt(long delivery, double days) {
    db.query(
        "INSERT INTO notification_attempts (delivery_id, at, http_status) VALUES"
            + " ($1, now() - make_interval(secs => $2 * 86400), 500)",
        delivery,
        days);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private long count(String sql, Object... args) {
    return db.query(sql, args).iterator().next().getLong(0);
  }

  @Test
  void rowsOlderThanThePeriodGoInBatchesAndPendingOnesStay() throws Exception {
    JsonApi.Answer made =
        admin.post(
            "/api/v1/subscriptions",
            "{\"name\":\"kept\",\"eventPattern\":{\"source\":[\"nothing-matches\"]},"
                + "\"target\":{\"email\":{\"to\":[\"ops@example.com\"]}}}");
    assertThat(made.status()).as(made.text()).isEqualTo(201);
    String sub = made.json().get("id").asText();
    // The worker would dispatch outbox rows and attempt the pending delivery at once: paused while
    // rows are planted and purged.
    loops.whilePaused(
        worker,
        () -> {
          try {
            plantAndPurge(sub);
          } finally {
            db.query("DELETE FROM notification_outbox WHERE execution_arn = $1", EXECUTION);
          }
        });
  }

  private void plantAndPurge(String sub) {
    List<Long> old = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long d = delivery(sub, i % 2 == 0 ? "DELIVERED" : "FAILED", 10.0);
      attempt(d, 10.0);
      old.add(d);
    }
    long oldPending = delivery(sub, "PENDING", 10.0);
    attempt(oldPending, 10.0);
    attempt(oldPending, 1.0 / 1440);
    long young = delivery(sub, "DELIVERED", 1.0 / 24);
    attempt(young, 1.0 / 24);

    for (int i = 0; i < 3; i++) {
      db.query(
          "INSERT INTO notification_outbox (execution_arn, state_machine_arn, event, created_at)"
              + " VALUES ($1, 'arn:aws:states:us-east-1:123456789012:stateMachine:retained',"
              + " '{}', now() - interval '10 days')",
          EXECUTION);
    }
    db.query(
        "INSERT INTO notification_outbox (execution_arn, state_machine_arn, event)"
            + " VALUES ($1, 'arn:aws:states:us-east-1:123456789012:stateMachine:retained', '{}')",
        EXECUTION);

    // Ten of the worker's poll intervals: were it not paused, it would have dispatched the outbox
    // rows and attempted the pending delivery by now.
    sleep(Duration.ofSeconds(1));
    int deleted = retention.purge(Duration.ofDays(7), 2);

    // 5 deliveries (their 5 attempts cascade), the pending one's old attempt, 3 outbox rows.
    assertThat(deleted).isEqualTo(5 + 1 + 3);
    assertThat(
            count(
                "SELECT count(*) FROM notification_deliveries WHERE id = ANY($1)",
                (Object) old.toArray(Long[]::new)))
        .isZero();
    assertThat(
            count(
                "SELECT count(*) FROM notification_deliveries WHERE id = ANY($1)",
                (Object) new Long[] {oldPending, young}))
        .isEqualTo(2);
    assertThat(
            count("SELECT count(*) FROM notification_attempts WHERE delivery_id = $1", oldPending))
        .isOne();
    assertThat(count("SELECT count(*) FROM notification_attempts WHERE delivery_id = $1", young))
        .isOne();
    assertThat(
            count("SELECT count(*) FROM notification_outbox WHERE execution_arn = $1", EXECUTION))
        .isOne();
  }
}
