package io.stepwise.api.notification;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.DatabaseOutage;
import io.stepwise.api.runtime.ServerOutbound;
import io.stepwise.api.service.Signatures;
import io.stepwise.engine.outbound.OutboundPolicy;
import io.stepwise.engine.outbound.OutboundRefused;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Delivers notifications, on every server: dispatches the outbox ({@link OutboxDispatcher}), then
 * claims due deliveries with a lease ({@code SKIP LOCKED}, so servers share them and one that dies
 * mid-delivery leaves it to the others once the lease runs out: at least once). A delivery waits
 * while an earlier one of the same execution to the same subscription is pending, so each receiver
 * sees an execution's changes in order. A webhook gets the event as its body, signed {@code
 * X-Stepwise-Signature: sha256=<HMAC-SHA256 of the body under the subscription's secret>}, through
 * the server's outbound policy; any answer but 2xx is a failure, retried after a wait that doubles
 * (stepwise.notifications.first-retry up to max-retry) until give-up-after has passed.
 */
@ApplicationScoped
public class DeliveryWorker {
  private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
  private static final int BATCH = 50;
  private static final int LEASE_SECONDS = 120;
  private static final int MAX_ERROR = 500;

  private final Database db;
  private final OutboxDispatcher dispatcher;
  private final PgSubscriptions subscriptions;
  private final Subscriptions service;
  private final ServerOutbound outbound;
  private final NotificationSettings settings;
  private final EventMail mail;
  private volatile boolean running;
  private Thread thread;

  public DeliveryWorker(
      Database db,
      OutboxDispatcher dispatcher,
      PgSubscriptions subscriptions,
      Subscriptions service,
      ServerOutbound outbound,
      NotificationSettings settings,
      EventMail mail) {
    this.mail = mail;
    this.db = db;
    this.dispatcher = dispatcher;
    this.subscriptions = subscriptions;
    this.service = service;
    this.outbound = outbound;
    this.settings = settings;
  }

  void onStart(@Observes StartupEvent event) {
    running = true;
    thread = Thread.ofVirtual().name("stepwise-notifications").start(this::loop);
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
    if (thread != null) thread.interrupt();
  }

  private void loop() {
    while (running) {
      try {
        int dispatched = dispatcher.dispatchBatch();
        List<Due> due = claim();
        deliverAll(due);
        if (dispatched < OutboxDispatcher.BATCH && due.size() < BATCH) {
          Thread.sleep(settings.pollInterval());
        }
      } catch (InterruptedException e) {
        return;
      } catch (Throwable e) {
        // Nothing may end this thread: every notification of this node depends on it.
        if (!running) return;
        DatabaseOutage.warn(LOG, "notification round failed; trying again", e);
        try {
          Thread.sleep(settings.pollInterval());
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  private record Due(
      long id, String subscriptionId, String event, int attempts, Instant createdAt) {}

  private List<Due> claim() {
    List<Due> out = new ArrayList<>();
    for (Row row :
        db.query(
            "UPDATE notification_deliveries SET lease_until = now() + make_interval(secs => $1)"
                + " WHERE id IN (SELECT d.id FROM notification_deliveries d"
                + " WHERE d.state = 'PENDING' AND d.next_attempt_at <= now()"
                + " AND (d.lease_until IS NULL OR d.lease_until < now())"
                + " AND NOT EXISTS (SELECT 1 FROM notification_deliveries p"
                + " WHERE p.subscription_id = d.subscription_id AND p.execution_arn ="
                + " d.execution_arn AND p.state = 'PENDING' AND p.id < d.id)"
                + " ORDER BY d.id LIMIT $2 FOR UPDATE SKIP LOCKED)"
                + " RETURNING id, subscription_id, event, attempts, created_at",
            LEASE_SECONDS,
            BATCH)) {
      out.add(
          new Due(
              row.getLong("id"),
              row.getString("subscription_id"),
              row.getString("event"),
              row.getInteger("attempts"),
              Database.instant(row, "created_at")));
    }
    return out;
  }

  /** Each claimed delivery on its own virtual thread (they belong to different executions). */
  private void deliverAll(List<Due> due) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (Due d : due) threads.add(Thread.ofVirtual().start(() -> deliverLogged(d)));
    for (Thread t : threads) t.join();
  }

  private void deliverLogged(Due d) {
    try {
      deliver(d);
    } catch (Throwable e) {
      // The lease runs out and the delivery is tried again.
      DatabaseOutage.warn(LOG, "delivery " + d.id() + " failed; it is tried again later", e);
    }
  }

  private void deliver(Due d) {
    Optional<PgSubscriptions.Stored> stored = subscriptions.find(d.subscriptionId());
    if (stored.isEmpty()) return; // deleted meanwhile: its deliveries went with it
    Subscription s = stored.get().subscription();
    if (s.target() == Subscription.Target.EMAIL) {
      try {
        mail.send(s, d.event());
        record(d, null, null);
      } catch (RuntimeException e) {
        record(
            d,
            null,
            "mail: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      }
      return;
    }
    byte[] body = d.event().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers =
        Map.of(
            "X-Stepwise-Signature",
            Signatures.sha256(service.secretOf(stored.get()), body),
            "X-Stepwise-Delivery",
            String.valueOf(d.id()),
            "User-Agent",
            "Stepwise-Notifications");
    try {
      OutboundPolicy.Posted posted = outbound.policy().post(s.webhookUrl(), headers, body);
      boolean ok = posted.status() / 100 == 2;
      record(d, posted.status(), ok ? null : "HTTP " + posted.status() + " " + posted.bodyStart());
    } catch (OutboundRefused e) {
      record(d, null, e.getMessage());
    } catch (java.io.IOException e) {
      record(d, null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * The attempt's outcome: delivered (a webhook's 2xx, a mail the SMTP server took: {@code error}
   * null), or failed and retried later or given up.
   */
  private void record(Due d, Integer status, String error) {
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
                  ? "UPDATE notification_subscriptions SET failing_since = NULL WHERE id = $1"
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
