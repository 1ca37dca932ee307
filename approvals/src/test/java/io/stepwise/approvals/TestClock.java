package io.stepwise.approvals;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The approvals' clock in tests: the system's, moved forward by what a test asks (reminders and
 * escalation are hours apart in real use; a test moves the clock instead of waiting).
 */
@Singleton
public class TestClock implements InstantSource {
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  public void advance(Duration by) {
    offset.updateAndGet(d -> d.plus(by));
  }
}
