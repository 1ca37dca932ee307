package io.stepwise.api.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.stepwise.api.persistence.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Deletes closed executions older than {@link RetentionSettings#keep()}, with their history, tasks,
 * timers and Map Runs (the foreign keys cascade) and their approvals with the approvals' links,
 * mails and audit trail (as AWS forgets everything about an execution with it), a small batch per
 * transaction.
 *
 * <p>Running executions are never touched: the batch is chosen from the {@code executions_closed}
 * partial index, which holds closed executions only, and rows another transaction holds are skipped
 * ({@code SKIP LOCKED}), so the job never waits for a step and a step never waits for it. An
 * execution that still has a running child stays until the child closes. Several nodes may run the
 * job at once; they take different rows.
 */
// Created at boot so its meters show (as zero) before anything uses it.
@Startup
@ApplicationScoped
public class Retention {
  private static final Logger LOG = Logger.getLogger(Retention.class);
  // A run stops after this many batches; the next run carries on. Bounds one run's duration.
  private static final int MAX_BATCHES_PER_RUN = 2_000;

  private final Database db;
  private final RetentionSettings settings;
  private final Counter deleted;
  private volatile boolean stopping;

  public Retention(Database db, RetentionSettings settings, MeterRegistry registry) {
    this.db = db;
    this.settings = settings;
    this.deleted =
        Meters.counter(
            registry,
            "stepwise.retention.deleted",
            "Closed executions deleted by the retention job on this node");
  }

  void onStop(@Observes ShutdownEvent event) {
    stopping = true;
  }

  // Every minute by default: each run then deletes a minute's worth of what the load closed, in
  // small batches beside it, instead of an hour's at once.
  @Scheduled(
      every = "${stepwise.retention.interval:1m}",
      delayed = "${stepwise.retention.initial-delay:5m}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    if (!settings.enabled()) return;
    try {
      int n = purge(settings.keep(), settings.batchSize());
      if (n > 0) {
        LOG.debugf("retention deleted %d closed executions older than %s", n, settings.keep());
      }
    } catch (Throwable e) {
      LOG.warnf("retention run failed, the next run tries again: %s", e);
    }
  }

  /** Deletes executions closed more than {@code days} ago, batch by batch; returns how many. */
  public int purge(int days) {
    return purge(days, settings.batchSize());
  }

  int purge(int days, int batchSize) {
    if (days < 1) throw new IllegalArgumentException("stepwise.retention.days must be at least 1");
    return purge(Duration.ofDays(days), batchSize);
  }

  /** Deletes executions closed longer than {@code keep} ago, batch by batch; returns how many. */
  int purge(Duration keep, int batchSize) {
    int total = 0;
    for (int batch = 0; batch < MAX_BATCHES_PER_RUN && !stopping; batch++) {
      int n = deleteBatch(keep, batchSize);
      total += n;
      deleted.increment(n);
      if (n < batchSize) break;
    }
    return total;
  }

  private int deleteBatch(Duration keep, int size) {
    return db.inTransaction(
        sql ->
            sql.query(
                    "WITH doomed AS (SELECT arn FROM executions e"
                        + " WHERE status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED')"
                        + " AND stop_time < now() - make_interval(secs => $1)"
                        + " AND NOT EXISTS (SELECT 1 FROM executions c WHERE c.parent_arn = e.arn"
                        + "   AND c.status NOT IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'))"
                        + " ORDER BY stop_time LIMIT $2 FOR UPDATE SKIP LOCKED),"
                        // The approvals module's rows carry no foreign key to executions (its
                        // schema stands alone); they go in the same statement. Their links, mails
                        // and audit trail cascade from approval_requests.
                        + " approvals AS (DELETE FROM approval_requests a USING doomed d"
                        + "   WHERE a.execution_arn = d.arn)"
                        + " DELETE FROM executions x USING doomed d WHERE x.arn = d.arn",
                    keep.toMillis() / 1000.0,
                    size)
                .rowCount());
  }
}
