package io.stepwise.api.notification;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A subscription whose deliveries have failed for a day ({@link Subscription#FAILING_AFTER})
 * without a success is marked, and the editor who made it is mailed once (at the address their
 * identity provider verified; without one, the mark in the lists is all). A success clears the
 * mark, so the next day of failures mails again.
 */
@ApplicationScoped
public class FailingSubscriptions {
  private static final Logger LOG = Logger.getLogger(FailingSubscriptions.class);

  private final PgSubscriptions store;
  private final InstantSource clock;
  private final EventMail mail;

  public FailingSubscriptions(PgSubscriptions store, InstantSource clock, EventMail mail) {
    this.store = store;
    this.clock = clock;
    this.mail = mail;
  }

  /** Marks and mails the subscriptions that have just passed a day of failures; how many. */
  int markAndMail() {
    var now = clock.instant();
    List<Subscription> marked = store.markFailing(now.minus(Subscription.FAILING_AFTER), now);
    for (Subscription s : marked) {
      if (s.ownerEmail() == null) {
        LOG.warnf(
            "subscription %s (%s) has failed for a day; no mail address is known for %s",
            s.id(), s.name(), s.createdBy());
        continue;
      }
      String lastError = store.lastError(s.id()).orElse(null);
      try {
        mail.sendFailing(s, lastError);
      } catch (RuntimeException e) {
        store.unmarkFailing(s.id());
        LOG.warnf("subscription %s: its owner could not be mailed, trying again: %s", s.id(), e);
      }
    }
    return marked.size();
  }
}
