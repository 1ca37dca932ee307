package io.stepwise.api.notification;

import io.stepwise.api.persistence.Database;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * Records each attempt to deliver (the delivery log) and what follows from it: delivered, or
 * retried after a wait that doubles (stepwise.notifications.first-retry up to max-retry) until
 * give-up-after has passed, then FAILED. A failure starts the subscription's failing spell, a
 * success ends it (and its failing mark).
 */
@ApplicationScoped
class DeliveryOutcomes {
  private static final int MAX_ERROR = 500;

  private final Database db;
  private final NotificationSettings settings;

  DeliveryOutcomes(Database db, NotificationSettings settings) {
    this.db = db;
    this.settings = settings;
  }

  /**
   * The attempt's outcome: delivered (a webhook's 2xx, a mail the SMTP server took: {@code error}
   * null), or failed and retried later or given up.
   */
  void record(Due d, Integer status, String error) {
    boolean ok = error == null;
    int attempts = d.attempts() + 1;
    boolean giveUp = !ok && Instant.now().isAfter(d.createdAt().plus(settings.giveUpAfter()));
    String state = ok ? "DELIVERED" : giveUp ? "FAILED" : "PENDING";
    String shortError =
        error == null ? null : error.substring(0, Math.min(error.length(), MAX_ERROR));
    db.inTransaction(
        sql -> {
          sql.send(
              "INSERT INTO notification_attempts (delivery_id, http_status, error)"
                  + " VALUES ($1, $2, $3)",
              d.id(),
              status,
              shortError);
          sql.send(
              "UPDATE notification_deliveries SET state = $2, attempts = $3, last_status = $4,"
                  + " last_error = $5, lease_until = NULL, delivered_at = CASE WHEN $2 ="
                  + " 'DELIVERED' THEN now() END, next_attempt_at = now() + make_interval(secs =>"
                  + " $6) WHERE id = $1",
              d.id(),
              state,
              attempts,
              status,
              shortError,
              ok ? 0.0 : delay(attempts).toMillis() / 1000.0);
          sql.send(
              ok
                  ? "UPDATE notification_subscriptions SET failing_since = NULL,"
                      + " failing_mailed_at = NULL WHERE id = $1"
                      + " AND failing_since IS NOT NULL"
                  : "UPDATE notification_subscriptions SET failing_since = now() WHERE id = $1"
                      + " AND failing_since IS NULL",
              d.subscriptionId());
          return null;
        });
  }

  /** The wait after the n-th failed attempt: first-retry, doubling, at most max-retry. */
  Duration delay(int failedAttempts) {
    Duration d = settings.firstRetry();
    for (int i = 1; i < failedAttempts && d.compareTo(settings.maxRetry()) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(settings.maxRetry()) > 0 ? settings.maxRetry() : d;
  }
}
