package io.stepwise.api.runtime;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In-process wake-ups after a commit: long polls of a resource learn that a task was queued, the
 * timer poller that a timer is due soon. Only an optimisation: pollers also look again on their own
 * every second, which is how work committed by another server process is found. A task wakes the
 * long polls of its resource only and a timer the timer poller only: a busy task queue does not
 * make the timer poller look for due timers at every task.
 */
@ApplicationScoped
public class Wakeups {
  private final ConcurrentHashMap<String, Signal> tasks = new ConcurrentHashMap<>();
  private final Signal timers = new Signal();
  private final ConcurrentHashMap<String, Long> taskVersions = new ConcurrentHashMap<>();
  private volatile Instant nextTimer = Instant.MAX;

  /** A task for that resource was committed. */
  public void taskQueued(String resource) {
    taskVersions.merge(resource, 1L, Long::sum);
    Signal waiting = tasks.get(resource);
    if (waiting != null) waiting.signalAll();
  }

  /** A timer due at that instant was committed. */
  public void timerScheduled(Instant dueAt) {
    if (dueAt.isBefore(nextTimer)) nextTimer = dueAt;
    timers.signalAll();
  }

  /** The earliest timer announced since the poller last took it. */
  Instant takeNextTimer() {
    Instant t = nextTimer;
    nextTimer = Instant.MAX;
    return t;
  }

  public long taskVersion(String resource) {
    return taskVersions.getOrDefault(resource, 0L);
  }

  /**
   * Waits until a timer is announced or the time passes; returns at once if nothing to wait for.
   */
  public void awaitTimer(Duration atMost) {
    timers.await(atMost);
  }

  /** Waits until a task for that resource may be there, or the time passes. */
  public void awaitTask(String resource, long seenVersion, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (taskVersion(resource) == seenVersion) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return;
      tasks
          .computeIfAbsent(resource, r -> new Signal())
          .await(
              Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500))),
              () -> taskVersion(resource) != seenVersion);
    }
  }

  /** A condition with a version, so a wake-up between looking and waiting is not lost. */
  private static final class Signal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long version;

    void await(Duration atMost) {
      await(atMost, () -> false);
    }

    /** Waits for a signal or the time, unless {@code already} says there is nothing to wait for. */
    void await(Duration atMost, java.util.function.BooleanSupplier already) {
      if (atMost.isNegative() || atMost.isZero()) return;
      lock.lock();
      try {
        if (already.getAsBoolean()) return;
        long seen = version;
        long nanos = atMost.toNanos();
        while (seen == version && nanos > 0) {
          nanos = changed.awaitNanos(nanos);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        lock.unlock();
      }
    }

    void signalAll() {
      lock.lock();
      try {
        version++;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }
}
