package io.stepwise.api.persistence;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long transactions waited for a pooled connection lately: the longest wait of the current
 * second and of the one before, so a saturated pool shows within a second and a burst is forgotten
 * two seconds after it ended. Thread-safe; recording costs two atomic operations.
 */
final class ConnectionWaits {
  private final AtomicLong second = new AtomicLong();
  private final AtomicLong longestThisSecond = new AtomicLong();
  private volatile long longestLastSecond;

  /** A transaction got its connection after waiting {@code nanos}. */
  void record(long nanos) {
    roll(System.nanoTime() / 1_000_000_000L);
    longestThisSecond.accumulateAndGet(nanos, Math::max);
  }

  /** The longest wait of the last one to two seconds. */
  Duration recent() {
    long now = System.nanoTime() / 1_000_000_000L;
    roll(now);
    return Duration.ofNanos(Math.max(longestThisSecond.get(), longestLastSecond));
  }

  private void roll(long now) {
    long seen = second.get();
    if (seen == now || !second.compareAndSet(seen, now)) return;
    // One thread moves the window on: this second's longest becomes the last second's (or is
    // forgotten, when seconds passed without a transaction).
    long longest = longestThisSecond.getAndSet(0);
    longestLastSecond = now - seen == 1 ? longest : 0;
  }
}
