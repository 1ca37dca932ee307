package io.stepwise.engine.runtime.memory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when told to: tests drive timers and timestamps with it. Thread-safe. */
public final class ManualClock implements InstantSource {
  private volatile Instant now;

  public ManualClock(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  /** Moves the clock forward. */
  public synchronized void advance(Duration by) {
    now = now.plus(by);
  }
}
