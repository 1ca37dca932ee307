package io.stepwise.api.ops;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The system clock, which tests replace with one they move forward ({@link #use}), so what takes
 * days (fire times, a subscription failing for a day) is tested without waiting days. Each feature
 * has its own, so moving one moves nothing else.
 */
public abstract class MovableClock implements InstantSource {
  private volatile InstantSource source = InstantSource.system();

  @Override
  public Instant instant() {
    return source.instant();
  }

  /** Runs on another clock (tests). */
  public void use(InstantSource clock) {
    source = clock;
  }
}
