package io.stepwise.api.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.persistence.Database;
import io.stepwise.engine.json.Json;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The delivery log of each subscription as people see it ({@code notification_deliveries} with
 * their {@code notification_attempts}), and sending a delivery again. Explicit SQL, as every
 * statement on the deliveries is: the worker claims them with {@code SKIP LOCKED} and records
 * attempts in one transaction with them (docs/ARCHITECTURE.md, "Entities and explicit SQL"). Calls
 * block: use them from worker or virtual threads.
 */
@ApplicationScoped
public class DeliveryLog {
  private final Database db;

  public DeliveryLog(Database db) {
    this.db = db;
  }

  /** One delivery of one event to one subscription, with its attempts. */
  public record Delivery(
      long id,
      String executionArn,
      String eventId,
      String eventStatus,
      String state,
      int attempts,
      Instant createdAt,
      Instant nextAttemptAt,
      Integer lastStatus,
      String lastError,
      Instant deliveredAt,
      List<Attempt> attemptLog) {}

  public record Attempt(Instant at, Integer httpStatus, String error) {}

  /** The newest deliveries of a subscription with their attempts, newest first. */
  List<Delivery> of(String subscriptionId, int limit) {
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
              attempts(row.getString("attempt_log"))));
    }
    return out;
  }

  private static List<Attempt> attempts(String log) {
    List<Attempt> attempts = new ArrayList<>();
    try {
      for (JsonNode a : Json.parse(log)) {
        attempts.add(
            new Attempt(
                OffsetDateTime.parse(a.get("at").asText()).toInstant(),
                a.get("status").isNull() ? null : a.get("status").asInt(),
                a.get("error").isNull() ? null : a.get("error").asText()));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return attempts;
  }

  /** The error of the subscription's latest failed attempt. */
  Optional<String> lastError(String subscriptionId) {
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

  /** Sends a delivery that failed (or was delivered) again, with a fresh day of retries. */
  boolean replay(String subscriptionId, long deliveryId) {
    return db.query(
                "UPDATE notification_deliveries SET state = 'PENDING', next_attempt_at = now(),"
                    + " created_at = now(), lease_until = NULL WHERE id = $1"
                    + " AND subscription_id = $2 AND state <> 'PENDING'",
                deliveryId,
                subscriptionId)
            .rowCount()
        > 0;
  }
}
