package io.stepwise.api.notification;

import io.stepwise.api.persistence.Database;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code notification_subscriptions} table and the delivery log of each subscription. Calls
 * block: use them from worker or virtual threads.
 */
@ApplicationScoped
public class PgSubscriptions {
  private final Database db;

  public PgSubscriptions(Database db) {
    this.db = db;
  }

  /** A subscription with its sealed signing secret. */
  public record Stored(Subscription subscription, byte[] sealedSecret) {}

  /** One delivery of one event to one subscription, with its attempts. */
  public record Delivery(
      long id,
      String executionArn,
      String eventId,
      String eventStatus,
      String state,
      int attempts,
      java.time.Instant createdAt,
      java.time.Instant nextAttemptAt,
      Integer lastStatus,
      String lastError,
      java.time.Instant deliveredAt,
      List<Attempt> attemptLog) {}

  public record Attempt(java.time.Instant at, Integer httpStatus, String error) {}

  public void insert(Subscription s, byte[] sealedSecret) {
    db.query(
        "INSERT INTO notification_subscriptions (id, name, team, event_pattern, target_kind,"
            + " webhook_url, email_to, secret_enc, created_by, created_at, owner_email)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        s.id(),
        s.name(),
        s.team(),
        s.eventPattern(),
        s.target().name(),
        s.webhookUrl(),
        s.emailTo().isEmpty() ? null : String.join(",", s.emailTo()),
        Buffer.buffer(sealedSecret),
        s.createdBy(),
        s.createdAt(),
        s.ownerEmail());
  }

  public Optional<Stored> find(String id) {
    for (Row row : db.query("SELECT * FROM notification_subscriptions WHERE id = $1", id)) {
      return Optional.of(new Stored(read(row), row.getBuffer("secret_enc").getBytes()));
    }
    return Optional.empty();
  }

  /** Every subscription (the dispatcher matches each event against all of them). */
  public List<Subscription> all() {
    List<Subscription> out = new ArrayList<>();
    for (Row row :
        db.query("SELECT * FROM notification_subscriptions ORDER BY created_at DESC, id")) {
      out.add(read(row));
    }
    return out;
  }

  public boolean delete(String id) {
    return db.query("DELETE FROM notification_subscriptions WHERE id = $1", id).rowCount() > 0;
  }

  /** The newest deliveries of a subscription with their attempts, newest first. */
  public List<Delivery> deliveries(String subscriptionId, int limit) {
    List<Delivery> out = new ArrayList<>();
    for (Row row :
        db.query(
            "SELECT d.*, coalesce((SELECT json_agg(json_build_object('at', a.at, 'status',"
                + " a.http_status, 'error', a.error) ORDER BY a.at) FROM notification_attempts a"
                + " WHERE a.delivery_id = d.id), '[]'::json)::text AS attempt_log,"
                + " d.event::json -> 'detail' ->> 'status' AS event_status"
                + " FROM notification_deliveries d WHERE subscription_id = $1"
                + " ORDER BY id DESC LIMIT $2",
            subscriptionId,
            limit)) {
      List<Attempt> attempts = new ArrayList<>();
      try {
        for (var a : io.stepwise.engine.json.Json.parse(row.getString("attempt_log"))) {
          attempts.add(
              new Attempt(
                  java.time.OffsetDateTime.parse(a.get("at").asText()).toInstant(),
                  a.get("status").isNull() ? null : a.get("status").asInt(),
                  a.get("error").isNull() ? null : a.get("error").asText()));
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      out.add(
          new Delivery(
              row.getLong("id"),
              row.getString("execution_arn"),
              row.getString("event_id"),
              row.getString("event_status"),
              row.getString("state"),
              row.getInteger("attempts"),
              Database.instant(row, "created_at"),
              Database.instant(row, "next_attempt_at"),
              row.getInteger("last_status"),
              row.getString("last_error"),
              Database.instant(row, "delivered_at"),
              attempts));
    }
    return out;
  }

  /**
   * Marks the subscriptions whose deliveries have failed since before {@code failingBefore}, and
   * that are not marked yet, as told at {@code now}; returns them. Rows another server is marking
   * are skipped, so each spell of failure is marked by one server once.
   */
  public List<Subscription> markFailing(Instant failingBefore, Instant now) {
    List<Subscription> out = new ArrayList<>();
    for (Row row :
        db.query(
            "UPDATE notification_subscriptions SET failing_mailed_at = $2 WHERE id IN"
                + " (SELECT id FROM notification_subscriptions WHERE failing_since < $1"
                + " AND failing_mailed_at IS NULL FOR UPDATE SKIP LOCKED) RETURNING *",
            failingBefore,
            now)) {
      out.add(read(row));
    }
    return out;
  }

  /** The error of the subscription's latest failed attempt. */
  public Optional<String> lastError(String subscriptionId) {
    for (Row row :
        db.query(
            "SELECT a.error FROM notification_attempts a JOIN notification_deliveries d"
                + " ON d.id = a.delivery_id WHERE d.subscription_id = $1 AND a.error IS NOT NULL"
                + " ORDER BY a.at DESC LIMIT 1",
            subscriptionId)) {
      return Optional.of(row.getString("error"));
    }
    return Optional.empty();
  }

  /** Takes a mark back (its mail could not be sent: the next round tries again). */
  public void unmarkFailing(String id) {
    db.query("UPDATE notification_subscriptions SET failing_mailed_at = NULL WHERE id = $1", id);
  }

  /** Sends a delivery that failed (or was delivered) again, with a fresh day of retries. */
  public boolean replay(String subscriptionId, long deliveryId) {
    return db.query(
                "UPDATE notification_deliveries SET state = 'PENDING', next_attempt_at = now(),"
                    + " created_at = now(), lease_until = NULL WHERE id = $1"
                    + " AND subscription_id = $2 AND state <> 'PENDING'",
                deliveryId,
                subscriptionId)
            .rowCount()
        > 0;
  }

  private static Subscription read(Row row) {
    String to = row.getString("email_to");
    return new Subscription(
        row.getString("id"),
        row.getString("name"),
        row.getString("team"),
        row.getString("event_pattern"),
        Subscription.Target.valueOf(row.getString("target_kind")),
        row.getString("webhook_url"),
        to == null ? List.of() : Arrays.asList(to.split(",")),
        row.getString("created_by"),
        row.getString("owner_email"),
        Database.instant(row, "created_at"),
        Database.instant(row, "failing_since"));
  }
}
