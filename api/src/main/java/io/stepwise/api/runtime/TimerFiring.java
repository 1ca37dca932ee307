package io.stepwise.api.runtime;

import io.stepwise.api.ops.ExecutionWork;
import io.stepwise.api.ops.NodeLoop;
import io.stepwise.api.ops.StepMetrics;
import io.stepwise.api.persistence.Database;
import io.stepwise.api.persistence.TimerTable;
import io.stepwise.api.runtime.StepTransactions.Outcome;
import io.stepwise.engine.interpret.Signal;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Fires due timers (Wait states, retry back-offs, task timeouts and heartbeats, execution
 * timeouts). A pass claims the earliest due timers under this node's lease ({@code SKIP LOCKED}, so
 * nodes sharing the database split them; a lease whose node died runs out and another takes the
 * timer over) and fires them in shared transactions, several at once: each locks its executions in
 * one statement (ARN order, so they never deadlock), deletes their timers in another, and takes
 * each timer's step, with one commit. A timer's step deletes its row, so it fires once: a timer
 * another node fired already, or that a step moved to later meanwhile, is not fired. When a shared
 * transaction fails, its timers are fired one by one, so one execution's failure fails alone (its
 * timer stays leased and fires again when the lease runs out).
 *
 * <p>How late the timers being fired are is the node's load ({@link NodeLoad}): backpressure stops
 * new work while they are late, so firing keeps its share of the node next to starts and answers.
 */
@ApplicationScoped
public class TimerFiring implements NodeLoop {
  private static final Logger LOG = Logger.getLogger(TimerFiring.class);
  private static final Duration IDLE = Duration.ofSeconds(1);
  private static final int LEASE_SECONDS = 30;

  private final Database db;
  private final TimerTable timers;
  private final StepTransactions steps;
  private final StepEffects effects;
  private final Wakeups wakeups;
  private final NodeLoad load;
  private final StepMetrics metrics;
  private final int transactions;
  private final int perTransaction;
  private final String owner = UUID.randomUUID().toString();
  private final ExecutorService firing = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong firedTogether = new AtomicLong();

  public TimerFiring(
      Database db,
      TimerTable timers,
      StepTransactions steps,
      StepEffects effects,
      Wakeups wakeups,
      NodeLoad load,
      StepMetrics metrics,
      @ConfigProperty(name = "stepwise.timers.transactions", defaultValue = "4") int transactions,
      @ConfigProperty(name = "stepwise.timers.per-transaction", defaultValue = "50")
          int perTransaction) {
    this.db = db;
    this.timers = timers;
    this.steps = steps;
    this.effects = effects;
    this.wakeups = wakeups;
    this.load = load;
    this.metrics = metrics;
    this.transactions = Math.max(1, transactions);
    this.perTransaction = Math.max(1, perTransaction);
  }

  @Override
  public String name() {
    return "stepwise-timers";
  }

  @Override
  public void pass() throws Exception {
    int claimed = fireDue();
    if (claimed < transactions * perTransaction) sleepUntilNext();
  }

  /**
   * Claims up to {@code stepwise.timers.transactions} × {@code per-transaction} due timers and
   * fires them; returns how many it claimed. Public so that tests can run a node's pass at once.
   */
  public int fireDue() throws Exception {
    List<TimerTable.Due> due = timers.claimDue(owner, LEASE_SECONDS, transactions * perTransaction);
    fire(due);
    return due.size();
  }

  /** Fires claimed timers, up to {@code stepwise.timers.transactions} transactions at once. */
  void fire(List<TimerTable.Due> due) throws Exception {
    if (due.isEmpty()) return;
    load.firing(this, due.stream().map(TimerTable.Due::dueAt).min(Comparator.naturalOrder()).get());
    try {
      List<Future<?>> running = new ArrayList<>();
      for (List<TimerTable.Due> group : groups(due)) {
        running.add(firing.submit(() -> fireTogether(group)));
      }
      for (Future<?> f : running) f.get();
    } finally {
      load.fired(this);
    }
  }

  /** Timers whose steps were committed in a transaction shared with others (for tests). */
  long firedTogether() {
    return firedTogether.get();
  }

  /**
   * The claimed timers in at most {@code transactions} groups of at most {@code per-transaction},
   * an execution's timers in one group (its steps then follow each other in one transaction instead
   * of waiting for each other's locks).
   */
  private List<List<TimerTable.Due>> groups(List<TimerTable.Due> due) {
    Map<String, List<TimerTable.Due>> byExecution = new HashMap<>();
    for (TimerTable.Due d : due) {
      byExecution.computeIfAbsent(d.executionArn(), a -> new ArrayList<>()).add(d);
    }
    List<List<TimerTable.Due>> groups = new ArrayList<>();
    List<TimerTable.Due> current = new ArrayList<>();
    for (List<TimerTable.Due> ofOne : byExecution.values()) {
      if (!current.isEmpty() && current.size() + ofOne.size() > perTransaction) {
        groups.add(current);
        current = new ArrayList<>();
      }
      current.addAll(ofOne);
    }
    if (!current.isEmpty()) groups.add(current);
    return groups;
  }

  /** One shared transaction for the group; one each when it fails. */
  private void fireTogether(List<TimerTable.Due> group) {
    if (group.size() > 1) {
      List<AfterCommit> afters = new ArrayList<>();
      try {
        db.inTransaction(sql -> fireAll(sql, group, afters));
        firedTogether.addAndGet(group.size());
        fired(group);
        effects.runEach(afters);
        return;
      } catch (RuntimeException | Error e) {
        LOG.debugf(e, "%d timers fired together failed; firing them one by one", group.size());
      }
    }
    for (TimerTable.Due d : group) fireAlone(d);
  }

  /**
   * One timer's step in a transaction of its own, logged under its execution; a failure (whatever
   * it is) leaves the timer leased, so it fires again when the lease runs out.
   */
  private void fireAlone(TimerTable.Due d) {
    boolean done =
        ExecutionWork.run(
            LOG,
            d.executionArn(),
            "firing timer " + d.timerId() + " (it fires again later)",
            () -> {
              AfterCommit after = new AfterCommit();
              steps.signal(d.executionArn(), new Signal.TimerFired(d.timerId()), after);
              effects.run(after);
            });
    if (done) fired(List.of(d));
  }

  private List<Outcome> fireAll(
      Database.Sql sql, List<TimerTable.Due> group, List<AfterCommit> afters) {
    List<TimerTable.Due> ordered = new ArrayList<>(group);
    ordered.sort(Comparator.comparing(TimerTable.Due::executionArn));
    String[] arns = ordered.stream().map(TimerTable.Due::executionArn).toArray(String[]::new);
    String[] ids = ordered.stream().map(TimerTable.Due::timerId).toArray(String[]::new);
    Database.Pending locked =
        sql.submit(
            "SELECT "
                + StepWriter.Context.COLUMNS
                + " FROM executions WHERE arn = ANY($1::text[]) ORDER BY arn FOR UPDATE",
            (Object) arns);
    Database.Pending consumed = TimerTable.submitConsumeAll(sql, arns, ids);
    Map<String, Row> executions = new HashMap<>();
    for (Row row : locked.rows()) executions.put(row.getString("arn"), row);
    Set<String> deleted = new HashSet<>();
    for (Row row : consumed.rows()) {
      deleted.add(row.getString("execution_arn") + "\n" + row.getString("id"));
    }
    List<StepTransactions.Locked> signals = new ArrayList<>(ordered.size());
    for (TimerTable.Due d : ordered) {
      signals.add(
          new StepTransactions.Locked(
              executions.get(d.executionArn()),
              new Signal.TimerFired(d.timerId()),
              deleted.contains(d.executionArn() + "\n" + d.timerId())));
    }
    return steps.stepEach(sql, signals, afters);
  }

  /** How late each timer fired (or was found fired already), for the metrics. */
  private void fired(List<TimerTable.Due> group) {
    Instant now = Instant.now();
    for (TimerTable.Due d : group) metrics.timerFired(Duration.between(d.dueAt(), now));
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
}
