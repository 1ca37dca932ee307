package io.stepwise.api.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.UnusedDefinitions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.function.IntUnaryOperator;
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
 *
 * <p>Then it forgets the stored definitions nothing uses any more ({@link UnusedDefinitions}), in
 * batches of the same size.
 */
// Created at boot so its meters show (as zero) before anything uses it.
@Startup
@ApplicationScoped
public class Retention {
  private static final Logger LOG = Logger.getLogger(Retention.class);
  // A run stops after this many batches; the next run carries on. Bounds one run's duration.
  private static final int MAX_BATCHES_PER_RUN = 2_000;
  // AWS redrives an execution within 14 days of its close (execution.Execution.redriveStatus).
  private static final int REDRIVE_DAYS = 14;

  private final Database db;
  private final RetentionSettings settings;
  private final UnusedDefinitions definitions;
  private final Counter deleted;
  private volatile boolean stopping;

  public Retention(
      Database db,
      RetentionSettings settings,
      UnusedDefinitions definitions,
      MeterRegistry registry) {
    this.db = db;
    this.settings = settings;
    this.definitions = definitions;
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
      int cleared = forgetSnapshots(settings.batchSize());
      if (cleared > 0) {
        LOG.debugf("retention dropped the snapshots of %d executions past redrive", cleared);
      }
      int forgotten = forgetDefinitions(settings.batchSize());
      if (forgotten > 0) LOG.debugf("retention deleted %d unused definitions", forgotten);
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
  public int purge(Duration keep, int batchSize) {
    return inBatches(
        batchSize,
        size -> {
          int n = deleteBatch(keep, size);
          deleted.increment(n);
          return n;
        });
  }

  /**
   * Drops the snapshots of FAILED, TIMED_OUT and ABORTED executions that closed more than AWS's 14
   * days of redrive ago (their only use was RedriveExecution, which now refuses them: {@code
   * execution.Execution.redriveStatus}), batch by batch; returns how many. The other closed
   * executions never stored one ({@code runtime.StepWriter.Context.keepsSnapshot}).
   */
  int forgetSnapshots(int batchSize) {
    return inBatches(batchSize, this::forgetSnapshotBatch);
  }

  /** Deletes the stored definitions nothing uses any more, batch by batch; returns how many. */
  int forgetDefinitions(int batchSize) {
    return inBatches(batchSize, definitions::deleteBatch);
  }

  /** Runs batches of {@code size} until one does less or the run's bound; returns the total. */
  private int inBatches(int size, IntUnaryOperator batch) {
    int total = 0;
    for (int i = 0; i < MAX_BATCHES_PER_RUN && !stopping; i++) {
      int n = batch.applyAsInt(size);
      total += n;
      if (n < size) break;
    }
    return total;
  }

  private int forgetSnapshotBatch(int size) {
    return db.inTransaction(
        sql ->
            sql.query(
                    "WITH past AS (SELECT id FROM executions"
                        + " WHERE snapshot IS NOT NULL AND status IN ('FAILED', 'TIMED_OUT', 'ABORTED')"
                        + " AND stop_time < now() - make_interval(days => $1)"
                        + " ORDER BY stop_time LIMIT $2 FOR UPDATE SKIP LOCKED)"
                        + " UPDATE executions x SET snapshot = NULL FROM past WHERE x.id = past.id",
                    REDRIVE_DAYS,
                    size)
                .rowCount());
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
