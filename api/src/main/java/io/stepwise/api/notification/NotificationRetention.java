package io.stepwise.api.notification;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.stepwise.api.ops.RetentionSettings;
import io.stepwise.api.persistence.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Forgets notifications as the retention job forgets executions ({@code stepwise.retention.*}: the
 * same period, batch size and interval): deliveries no longer pending (with their attempts),
 * attempts of deliveries that are kept (a delivery sent again and again keeps a bounded log), and
 * outbox events never dispatched, once older than the period. A batch per transaction, rows others
 * hold skipped ({@code SKIP LOCKED}), so neither a delivery nor a step waits for it; a pending
 * delivery is never deleted.
 */
@ApplicationScoped
public class NotificationRetention {
  private static final Logger LOG = Logger.getLogger(NotificationRetention.class);
  // A run stops after this many batches of each kind; the next run carries on.
  private static final int MAX_BATCHES_PER_RUN = 2_000;

  private static final List<String> BATCHES =
      List.of(
          "DELETE FROM notification_deliveries WHERE id IN (SELECT id FROM"
              + " notification_deliveries WHERE state <> 'PENDING'"
              + " AND created_at < now() - make_interval(secs => $1)"
              + " ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)",
          "DELETE FROM notification_attempts WHERE ctid = ANY (ARRAY(SELECT ctid FROM"
              + " notification_attempts WHERE at < now() - make_interval(secs => $1)"
              + " LIMIT $2 FOR UPDATE SKIP LOCKED))",
          "DELETE FROM notification_outbox WHERE id IN (SELECT id FROM notification_outbox"
              + " WHERE created_at < now() - make_interval(secs => $1)"
              + " ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)");

  private final Database db;
  private final RetentionSettings settings;
  private volatile boolean stopping;

  public NotificationRetention(Database db, RetentionSettings settings) {
    this.db = db;
    this.settings = settings;
  }

  void onStop(@Observes ShutdownEvent event) {
    stopping = true;
  }

  @Scheduled(
      every = "${stepwise.retention.interval:1m}",
      delayed = "${stepwise.retention.initial-delay:5m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    if (!settings.enabled()) return;
    try {
      int n = purge(settings.keep(), settings.batchSize());
      if (n > 0)
        LOG.debugf("retention deleted %d notification rows older than %s", n, settings.keep());
    } catch (Throwable e) {
      LOG.warnf("notification retention failed, the next run tries again: %s", e);
    }
  }

  /** Deletes what is older than {@code keep}, {@code batchSize} rows a transaction; how many. */
  int purge(Duration keep, int batchSize) {
    int total = 0;
    double seconds = keep.toMillis() / 1000.0;
    for (String batch : BATCHES) {
      for (int i = 0; i < MAX_BATCHES_PER_RUN && !stopping; i++) {
        int n = db.query(batch, seconds, batchSize).rowCount();
        total += n;
        if (n < batchSize) break;
      }
    }
    return total;
  }
}
