package io.stepwise.api.runtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stepwise.api.ops.ExecutionWork;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.DatabaseOutage;
import io.stepwise.engine.interpret.Signal;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Fires due timers (Wait states, retry back-offs, task and execution timeouts): claims them with
 * {@code FOR UPDATE SKIP LOCKED} under a lease, so that server processes sharing the database split
 * the work, and delivers each as a {@link Signal.TimerFired} step. A claim whose process died is
 * taken over when its lease runs out; the step deletes the timer row, so a timer fires once.
 */
@ApplicationScoped
public class TimerPoller {
  private static final Logger LOG = Logger.getLogger(TimerPoller.class);
  private static final Duration IDLE = Duration.ofSeconds(1);
  private static final int LEASE_SECONDS = 30;
  private static final int BATCH = 100;

  private final Database db;
  private final PgExecutionSteps steps;
  private final Wakeups wakeups;
  private final String owner = UUID.randomUUID().toString();
  private volatile boolean running;
  private Thread thread;

  public TimerPoller(Database db, PgExecutionSteps steps, Wakeups wakeups) {
    this.db = db;
    this.steps = steps;
    this.wakeups = wakeups;
  }

  void onStart(@Observes StartupEvent event) {
    running = true;
    thread = Thread.ofVirtual().name("stepwise-timers").start(this::loop);
  }

  void onStop(@Observes ShutdownEvent event) {
    running = false;
    if (thread != null) thread.interrupt();
  }

  private void loop() {
    while (running) {
      try {
        List<Due> due = claim();
        for (Due d : due) fire(d);
        if (due.size() < BATCH) sleepUntilNext();
      } catch (Throwable e) {
        // Nothing may end this thread: every Wait of this node depends on it.
        if (!running) return;
        DatabaseOutage.warn(LOG, "timer poll failed; trying again", e);
        sleep(IDLE);
      }
    }
  }

  private record Due(String executionArn, String timerId) {}

  /**
   * One timer's step, logged under its execution; a failure (whatever it is) leaves the timer
   * leased, so it fires again when the lease runs out, and the other timers fire meanwhile.
   */
  private void fire(Due d) {
    ExecutionWork.run(
        LOG,
        d.executionArn(),
        "firing timer " + d.timerId() + " (it fires again later)",
        () -> steps.signal(d.executionArn(), new Signal.TimerFired(d.timerId())));
  }

  private List<Due> claim() {
    List<Due> out = new ArrayList<>();
    for (Row row :
        db.query(
            "UPDATE timers SET lease_owner = $1, lease_until = now() + make_interval(secs => $2)"
                + " WHERE (execution_arn, id) IN (SELECT execution_arn, id FROM timers WHERE"
                + " due_at <= now() AND (lease_until IS NULL OR lease_until < now())"
                + " ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)"
                + " RETURNING execution_arn, id",
            owner,
            LEASE_SECONDS,
            BATCH)) {
      out.add(new Due(row.getString("execution_arn"), row.getString("id")));
    }
    return out;
  }

  /** Sleeps until the next known timer, a new one, or a second (timers of other processes). */
  private void sleepUntilNext() {
    Instant next = wakeups.takeNextTimer();
    Duration wait = IDLE;
    if (!next.equals(Instant.MAX)) {
      Duration untilNext = Duration.between(Instant.now(), next);
      if (untilNext.compareTo(wait) < 0) wait = untilNext;
      if (!untilNext.isNegative() && untilNext.compareTo(IDLE) >= 0) {
        wakeups.timerScheduled(next);
      }
    }
    if (wait.isNegative() || wait.isZero()) return;
    wakeups.awaitTimer(wait);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
