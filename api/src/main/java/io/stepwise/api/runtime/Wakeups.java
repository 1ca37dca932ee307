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
 * every second, which is how work committed by another server process is found.
 */
@ApplicationScoped
public class Wakeups {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ConcurrentHashMap<String, Long> taskVersions = new ConcurrentHashMap<>();
  private volatile Instant nextTimer = Instant.MAX;
  private long version;

  /** A task for that resource was committed. */
  public void taskQueued(String resource) {
    taskVersions.merge(resource, 1L, Long::sum);
    signalAll();
  }

  /** A timer due at that instant was committed. */
  public void timerScheduled(Instant dueAt) {
    if (dueAt.isBefore(nextTimer)) nextTimer = dueAt;
    signalAll();
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

  /** Waits until anything changes or the time passes; returns at once if nothing to wait for. */
  public void await(Duration atMost) {
    if (atMost.isNegative() || atMost.isZero()) return;
    lock.lock();
    try {
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

  /** Waits until a task for that resource may be there, or the time passes. */
  public void awaitTask(String resource, long seenVersion, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (taskVersion(resource) == seenVersion) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return;
      await(Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500))));
    }
  }

  private void signalAll() {
    lock.lock();
    try {
      version++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
