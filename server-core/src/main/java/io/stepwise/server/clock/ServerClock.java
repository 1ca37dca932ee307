package io.stepwise.server.clock;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The server's one "now": the system clock, which tests move ({@link #use}, {@link #advance}) so
 * that what takes hours or days (approval reminders, schedule fire times, a subscription failing
 * for a day) is tested without waiting. It is the only {@link InstantSource} bean: every module
 * injects {@code InstantSource}, so moving it moves the whole server at once. Every server of a
 * cluster reads its own system clock; what several servers do at one time is decided by rows, not
 * by clocks agreeing.
 */
@Singleton
public class ServerClock implements InstantSource {
  private volatile InstantSource source = InstantSource.system();

  @Override
  public Instant instant() {
    return source.instant();
  }

  /** Runs on another clock (tests); {@code InstantSource.system()} puts the real one back. */
  public void use(InstantSource clock) {
    source = clock;
  }

  /** Moves the clock forward from where it is now, and keeps it running (tests). */
  public synchronized void advance(Duration by) {
    InstantSource from = source;
    source = () -> from.instant().plus(by);
  }
}
