package io.stepwise.api.notification;

import io.stepwise.api.persistence.Database;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * An e-mail subscription's deliveries: one mail per event, at most {@code
 * stepwise.notifications.digest-after} (N) in a digest window ({@code digest-window}, a minute).
 * When more arrive, the rest of the window's events are held and go out together as one digest mail
 * when the window ends; while the burst lasts, each window after that is one digest, until a window
 * passes without events. The subscription's row lock decides who counts and who sends a digest, so
 * servers sharing the work send each event once (a digest takes every held event that is due,
 * whoever leased it; their leaseholders then find them delivered).
 */
@ApplicationScoped
class MailDelivery {
  /** The most events one digest mail carries; more go out in the next. */
  private static final int MAX_DIGEST = 500;

  private final Database db;
  private final EventMail mail;
  private final DeliveryOutcomes outcomes;
  private final NotificationSettings settings;
  private final InstantSource clock;

  MailDelivery(
      Database db,
      EventMail mail,
      DeliveryOutcomes outcomes,
      NotificationSettings settings,
      InstantSource clock) {
    this.db = db;
    this.mail = mail;
    this.outcomes = outcomes;
    this.settings = settings;
    this.clock = clock;
  }

  void deliver(Subscription s, Due d) {
    if (d.heldForDigest()) {
      digest(s, d);
      return;
    }
    if (!countedOrHeld(s, d)) return;
    try {
      mail.send(s, d.event());
      outcomes.record(d, null, null);
    } catch (RuntimeException e) {
      outcomes.record(d, null, failure(e));
    }
  }

  /**
   * Counts one mail in the subscription's window and answers true (send it), or holds the event
   * until the window ends (false).
   */
  private boolean countedOrHeld(Subscription s, Due d) {
    return db.inTransaction(
        sql -> {
          Row sub =
              first(
                  sql.query(
                      "SELECT mail_window_start, mail_window_count FROM notification_subscriptions"
                          + " WHERE id = $1 FOR UPDATE",
                      s.id()));
          if (sub == null) return false; // deleted meanwhile, with its deliveries
          Instant now = clock.instant();
          Instant start = Database.instant(sub, "mail_window_start");
          int count = sub.getInteger("mail_window_count");
          if (start == null || !now.isBefore(start.plus(settings.digestWindow()))) {
            start = now;
            count = 0;
          }
          if (count < settings.digestAfter()) {
            sql.send(
                "UPDATE notification_subscriptions SET mail_window_start = $2,"
                    + " mail_window_count = $3 WHERE id = $1",
                s.id(),
                start,
                count + 1);
            return true;
          }
          sql.send(
              "UPDATE notification_deliveries SET held_for_digest = true, lease_until = NULL,"
                  + " next_attempt_at = $2 WHERE id = $1",
              d.id(),
              start.plus(settings.digestWindow()));
          return false;
        });
  }

  /** Sends every held event of the subscription that is due as one mail. */
  private void digest(Subscription s, Due d) {
    List<Due> batch =
        db.inTransaction(
            sql -> {
              if (first(
                      sql.query(
                          "SELECT id FROM notification_subscriptions WHERE id = $1 FOR UPDATE",
                          s.id()))
                  == null) {
                return List.<Due>of();
              }
              List<Due> held = new ArrayList<>();
              for (Row row :
                  sql.query(
                      // Taken out of the held set: a digest made after this commit, before the
                      // mail is out, does not send them again. Leased, so a crash sends them
                      // again one by one once the lease runs out (at least once).
                      "UPDATE notification_deliveries SET held_for_digest = false, lease_until ="
                          + " now() + make_interval(secs => $2) WHERE id IN (SELECT id FROM"
                          + " notification_deliveries"
                          + " WHERE subscription_id = $1 AND state = 'PENDING' AND held_for_digest"
                          + " AND (next_attempt_at <= now() OR id = $3) ORDER BY id LIMIT $4"
                          + " FOR UPDATE) RETURNING "
                          + Due.COLUMNS,
                      s.id(),
                      DeliveryWorker.LEASE_SECONDS,
                      d.id(),
                      MAX_DIGEST)) {
                held.add(Due.of(row));
              }
              // Another digest took this one already.
              if (held.stream().noneMatch(h -> h.id() == d.id())) return List.<Due>of();
              // The burst goes on: the next window's events are held as well.
              sql.send(
                  "UPDATE notification_subscriptions SET mail_window_start = $2,"
                      + " mail_window_count = $3 WHERE id = $1",
                  s.id(),
                  clock.instant(),
                  settings.digestAfter());
              return held;
            });
    if (batch.isEmpty()) return;
    String error = null;
    try {
      mail.sendDigest(s, batch.stream().map(Due::event).toList());
    } catch (RuntimeException e) {
      error = failure(e);
    }
    for (Due each : batch) outcomes.record(each, null, error);
  }

  private static Row first(Iterable<Row> rows) {
    for (Row r : rows) return r;
    return null;
  }

  private static String failure(RuntimeException e) {
    return "mail: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }
}
