package io.stepwise.api.notification;

import io.stepwise.api.notification.store.PgSubscriptions;
import io.stepwise.api.persistence.Database;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A subscription whose deliveries have failed for a day ({@link Subscription#FAILING_AFTER})
 * without a success is marked, and the editor who made it is mailed once (at the address their
 * identity provider verified; without one, the mark in the lists is all). A success clears the
 * mark, so the next day of failures mails again. The mark is explicit SQL beside the deliveries'
 * ({@link DeliveryOutcomes} starts and ends the spell): servers claim the marking with {@code SKIP
 * LOCKED}.
 */
@ApplicationScoped
public class FailingSubscriptions {
  private static final Logger LOG = Logger.getLogger(FailingSubscriptions.class);

  private final Database db;
  private final PgSubscriptions store;
  private final DeliveryLog log;
  private final InstantSource clock;
  private final EventMail mail;

  public FailingSubscriptions(
      Database db, PgSubscriptions store, DeliveryLog log, InstantSource clock, EventMail mail) {
    this.db = db;
    this.store = store;
    this.log = log;
    this.clock = clock;
    this.mail = mail;
  }

  /** Marks and mails the subscriptions that have just passed a day of failures; how many. */
  int markAndMail() {
    var now = clock.instant();
    List<String> marked = markFailing(now.minus(Subscription.FAILING_AFTER), now);
    for (String id : marked) {
      Optional<Subscription> found = store.find(id).map(PgSubscriptions.Stored::subscription);
      if (found.isEmpty()) continue; // deleted meanwhile
      Subscription s = found.get();
      if (s.ownerEmail() == null) {
        LOG.warnf(
            "subscription %s (%s) has failed for a day; no mail address is known for %s",
            s.id(), s.name(), s.createdBy());
        continue;
      }
      String lastError = log.lastError(s.id()).orElse(null);
      try {
        mail.sendFailing(s, lastError);
      } catch (RuntimeException e) {
        unmarkFailing(s.id());
        LOG.warnf("subscription %s: its owner could not be mailed, trying again: %s", s.id(), e);
      }
    }
    return marked.size();
  }

  /**
   * Marks the subscriptions whose deliveries have failed since before {@code failingBefore}, and
   * that are not marked yet, as told at {@code now}; returns their ids. Rows another server is
   * marking are skipped, so each spell of failure is marked by one server once.
   */
  private List<String> markFailing(Instant failingBefore, Instant now) {
    List<String> out = new ArrayList<>();
    for (Row row :
        db.query(
            "UPDATE notification_subscriptions SET failing_mailed_at = $2 WHERE id IN"
                + " (SELECT id FROM notification_subscriptions WHERE failing_since < $1"
                + " AND failing_mailed_at IS NULL FOR UPDATE SKIP LOCKED) RETURNING id",
            failingBefore,
            now)) {
      out.add(row.getString("id"));
    }
    return out;
  }

  /** Takes a mark back (its mail could not be sent: the next round tries again). */
  private void unmarkFailing(String id) {
    db.query("UPDATE notification_subscriptions SET failing_mailed_at = NULL WHERE id = $1", id);
  }
}
