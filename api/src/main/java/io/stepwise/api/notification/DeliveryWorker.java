package io.stepwise.api.notification;

import io.stepwise.api.notification.store.PgSubscriptions;
import io.stepwise.api.ops.NodeLoop;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.DatabaseOutage;
import io.stepwise.api.runtime.ServerOutbound;
import io.stepwise.api.service.Signatures;
import io.stepwise.engine.outbound.OutboundPolicy;
import io.stepwise.engine.outbound.OutboundRefused;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * (stepwise.notifications.first-retry up to max-retry) until give-up-after has passed. A {@link
 * NodeLoop}: {@link io.stepwise.api.ops.BackgroundLoops} owns its thread.
 */
@ApplicationScoped
public class DeliveryWorker implements NodeLoop {
  private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
  private static final int BATCH = 50;
  static final int LEASE_SECONDS = 120;

  /** How often a server looks for subscriptions that have failed for a day. */
  private static final Duration FAILING_CHECK = Duration.ofSeconds(5);

  private final Database db;
  private final OutboxDispatcher dispatcher;
  private final PgSubscriptions subscriptions;
  private final Subscriptions service;
  private final ServerOutbound outbound;
  private final NotificationSettings settings;
  private final DeliveryOutcomes outcomes;
  private final MailDelivery mails;
  private final FailingSubscriptions failing;
  private long nextFailingCheck = System.nanoTime();

  public DeliveryWorker(
      Database db,
      OutboxDispatcher dispatcher,
      PgSubscriptions subscriptions,
      Subscriptions service,
      ServerOutbound outbound,
      NotificationSettings settings,
      DeliveryOutcomes outcomes,
      MailDelivery mails,
      FailingSubscriptions failing) {
    this.outcomes = outcomes;
    this.mails = mails;
    this.failing = failing;
    this.db = db;
    this.dispatcher = dispatcher;
    this.subscriptions = subscriptions;
    this.service = service;
    this.outbound = outbound;
    this.settings = settings;
  }

  @Override
  public String name() {
    return "stepwise-notifications";
  }

  /**
   * Dispatches a batch of the outbox, delivers a batch of due deliveries and, every few seconds,
   * marks subscriptions failing for a day; waits a poll interval when there was less than a batch.
   */
  @Override
  public void pass() throws InterruptedException {
    int dispatched = dispatcher.dispatchBatch();
    List<Due> due = claim();
    deliverAll(due);
    if (System.nanoTime() - nextFailingCheck >= 0) {
      nextFailingCheck = System.nanoTime() + FAILING_CHECK.toNanos();
      failing.markAndMail();
    }
    if (dispatched < OutboxDispatcher.BATCH && due.size() < BATCH) {
      Thread.sleep(settings.pollInterval());
    }
  }

  @Override
  public Duration afterFailure() {
    return settings.pollInterval();
  }

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
                + " RETURNING "
                + Due.COLUMNS,
            LEASE_SECONDS,
            BATCH)) {
      out.add(Due.of(row));
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
      mails.deliver(s, d);
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
      outcomes.record(
          d, posted.status(), ok ? null : "HTTP " + posted.status() + " " + posted.bodyStart());
    } catch (OutboundRefused e) {
      outcomes.record(d, null, e.getMessage());
    } catch (java.io.IOException e) {
      outcomes.record(d, null, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
