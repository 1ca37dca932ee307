package io.stepwise.api.runtime;

import io.stepwise.api.persistence.Database;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How far behind this node is: how late the due timers it is firing are, how many steps wait for
 * the database, how long transactions wait for a connection. Backpressure asks {@link
 * #overloaded()} before it accepts new work. Cheap and thread-safe: volatile reads only.
 */
@ApplicationScoped
public class NodeLoad {
  private final BackpressureSettings settings;
  private final Database db;

  /** The earliest due time among the timers each firing loop is firing now. */
  private final Map<Object, Instant> firing = new ConcurrentHashMap<>();

  /** Answers waiting for their transaction and after-commit effects not yet done. */
  private final AtomicInteger queuedSteps = new AtomicInteger();

  public NodeLoad(BackpressureSettings settings, Database db) {
    this.settings = settings;
    this.db = db;
  }

  /** A timer firing loop took timers whose earliest was due then, and is firing them. */
  void firing(Object loop, Instant earliestDue) {
    firing.put(loop, earliestDue);
  }

  /** The loop has fired what it took. */
  void fired(Object loop) {
    firing.remove(loop);
  }

  /** How late the timers being fired are (zero when none is being fired). */
  public Duration timerLag() {
    Instant since = null;
    for (Instant due : firing.values()) {
      if (since == null || due.isBefore(since)) since = due;
    }
    if (since == null) return Duration.ZERO;
    Duration lag = Duration.between(since, Instant.now());
    return lag.isNegative() ? Duration.ZERO : lag;
  }

  /** Steps were queued ({@code count} > 0) or taken off the queue ({@code count} < 0). */
  void stepsQueued(int count) {
    queuedSteps.addAndGet(count);
  }

  /** Steps waiting: answers waiting for their transaction, after-commit effects not yet done. */
  public int stepQueue() {
    return queuedSteps.get();
  }

  /**
   * Why the node should take no new work now, or empty when it may: due timers later than {@code
   * stepwise.backpressure.timer-lag}, more steps waiting than {@code step-queue}, or transactions
   * waiting longer than {@code pool-wait} for a connection.
   */
  public Optional<String> overloaded() {
    if (!settings.enabled()) return Optional.empty();
    Duration lag = timerLag();
    if (lag.compareTo(settings.timerLag()) > 0) {
      return Optional.of("due timers are " + lag.toMillis() + " ms late");
    }
    int queued = stepQueue();
    if (queued > settings.stepQueue()) {
      return Optional.of(queued + " steps wait for the database");
    }
    Duration wait = db.recentConnectionWait();
    if (wait.compareTo(settings.poolWait()) > 0) {
      return Optional.of("transactions wait " + wait.toMillis() + " ms for a connection");
    }
    return Optional.empty();
  }
}
