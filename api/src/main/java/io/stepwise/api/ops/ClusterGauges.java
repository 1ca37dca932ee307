package io.stepwise.api.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.TaskTable;
import io.stepwise.api.persistence.TimerTable;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * Prometheus gauges for the whole cluster, read from the database every few seconds by a scheduled
 * job (never by the scrape itself, so a slow database cannot stall {@code /q/metrics}): running
 * executions, task queue depth and age, due timers and timer lag, busy workers, and the executions
 * that finished since the last read, by status.
 *
 * <p>Each figure comes from a partial index (see migration V2_1), so the queries stay cheap with
 * millions of closed executions. The finished count is a cluster-wide counter every node keeps for
 * itself: it counts executions whose stop time is at least {@value #SETTLE_SECONDS} seconds old, so
 * a step that commits later than that after its own clock reading is missed.
 */
@ApplicationScoped
public class ClusterGauges {
  private static final Logger LOG = Logger.getLogger(ClusterGauges.class);
  static final int SETTLE_SECONDS = 5;
  private static final List<String> CLOSED = List.of("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");

  private final Database db;
  private final MeterRegistry registry;
  private final Map<String, AtomicLong> finished = new ConcurrentHashMap<>();
  private volatile ClusterSnapshot snapshot = ClusterSnapshot.EMPTY;
  private volatile OffsetDateTime finishedMark;
  private volatile boolean failing;

  public ClusterGauges(Database db, MeterRegistry registry) {
    this.db = db;
    this.registry = registry;
  }

  void onStart(@Observes StartupEvent event) {
    gauge(
        "stepwise.executions.running",
        "Executions running (cluster)",
        ClusterSnapshot::runningExecutions);
    Gauge.builder("stepwise.tasks.queued", this, g -> g.snapshot.openTasks())
        .description("Tasks waiting for a worker (cluster)")
        .tag("state", "open")
        .register(registry);
    Gauge.builder("stepwise.tasks.queued", this, g -> g.snapshot.claimedTasks())
        .description("Tasks waiting for a worker (cluster)")
        .tag("state", "claimed")
        .register(registry);
    gauge(
        "stepwise.tasks.oldest.open.age.seconds",
        "Age of the oldest task no worker has claimed yet (cluster; 0 when none)",
        ClusterSnapshot::oldestOpenTaskSeconds);
    gauge(
        "stepwise.timers.due",
        "Timers past their due time, not fired yet (cluster)",
        ClusterSnapshot::dueTimers);
    gauge(
        "stepwise.timers.lag.seconds",
        "How long the most overdue timer has been due (cluster; 0 when none)",
        ClusterSnapshot::timerLagSeconds);
    gauge(
        "stepwise.workers.busy",
        "Distinct worker names holding a claimed task (cluster)",
        ClusterSnapshot::busyWorkers);
    for (String status : CLOSED) {
      AtomicLong count = finished.computeIfAbsent(status, s -> new AtomicLong());
      FunctionCounter.builder("stepwise.cluster.executions.finished", count, AtomicLong::get)
          .description("Executions that finished anywhere in the cluster since this node started")
          .tag("status", status)
          .register(registry);
    }
  }

  private void gauge(String name, String description, ToDoubleFunction<ClusterSnapshot> value) {
    Gauge.builder(name, this, g -> value.applyAsDouble(g.snapshot))
        .description(description)
        .register(registry);
  }

  /** Re-reads the figures; runs on a worker thread of the scheduler. */
  @Scheduled(
      every = "${stepwise.metrics.refresh-interval:5s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  synchronized void refresh() {
    try {
      snapshot = read();
      if (failing) LOG.info("cluster metrics readable again");
      failing = false;
    } catch (RuntimeException e) {
      // A database outage shows in readiness; one line per outage is enough here.
      if (!failing) LOG.warnf("cluster metrics not readable: %s", e.getMessage());
      failing = true;
    }
  }

  ClusterSnapshot current() {
    return snapshot;
  }

  private ClusterSnapshot read() {
    Row row =
        db.query(
                "SELECT"
                    + " (SELECT count(*) FROM executions WHERE status = 'RUNNING') AS running,"
                    + " t.open_tasks, t.claimed_tasks, t.oldest_open, t.busy_workers,"
                    + " d.due_timers, d.timer_lag,"
                    + " now() - make_interval(secs => $1) AS settled FROM "
                    + TaskTable.QUEUE_FIGURES
                    + " t, "
                    + TimerTable.DUE_FIGURES
                    + " d",
                SETTLE_SECONDS)
            .iterator()
            .next();
    OffsetDateTime settled = row.getOffsetDateTime("settled");
    Map<String, Long> newlyFinished = finishedUntil(settled);
    return new ClusterSnapshot(
        row.getLong("running"),
        row.getLong("open_tasks"),
        row.getLong("claimed_tasks"),
        row.getDouble("oldest_open"),
        row.getLong("due_timers"),
        row.getDouble("timer_lag"),
        row.getLong("busy_workers"),
        newlyFinished);
  }

  /**
   * Counts executions closed between the previous mark and {@code settled}, then moves the mark.
   */
  private Map<String, Long> finishedUntil(OffsetDateTime settled) {
    OffsetDateTime from = finishedMark;
    finishedMark = settled;
    if (from == null) return Map.of(); // count from this node's first read on
    Map<String, Long> counts = new HashMap<>();
    for (Row r :
        db.query(
            "SELECT status, count(*) AS n FROM executions"
                + " WHERE status IN ('SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED')"
                + " AND stop_time > $1 AND stop_time <= $2 GROUP BY status",
            from,
            settled)) {
      counts.put(r.getString("status"), r.getLong("n"));
      finished
          .computeIfAbsent(r.getString("status"), s -> new AtomicLong())
          .addAndGet(r.getLong("n"));
    }
    return counts;
  }
}
