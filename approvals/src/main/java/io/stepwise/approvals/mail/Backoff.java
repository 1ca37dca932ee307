package io.stepwise.approvals.mail;

import java.time.Duration;

/**
 * How long to wait before the next attempt: doubling from {@code initial}, capped at {@code max}.
 */
public record Backoff(Duration initial, Duration max) {
  /** The delay after the {@code attempts}-th failed attempt (1 for the first). */
  public Duration after(int attempts) {
    int doublings = Math.max(0, Math.min(attempts - 1, 30));
    Duration delay = initial.multipliedBy(1L << doublings);
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
