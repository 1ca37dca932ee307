package io.stepwise.api.ops;

import java.time.Duration;

/**
 * Work a server node repeats in the background for as long as it runs (firing due timers, sending
 * notifications, finding lost effects again). {@link BackgroundLoops} owns the thread: it starts it
 * at boot, stops it at shutdown and keeps it going whatever a pass throws. An implementation only
 * says what one pass does.
 */
public interface NodeLoop {
  /** The name of the loop's thread, in logs and thread dumps. */
  String name();

  /**
   * Whether this node runs the loop (a setting may turn one off; default: it does). Read once, at
   * boot.
   */
  default boolean enabled() {
    return true;
  }

  /** Runs once, before the first pass (default: nothing). */
  default void beforeFirstPass() throws Exception {}

  /**
   * One pass: does what is due, then waits as long as it likes before returning (the thread is
   * interrupted at shutdown, which ends a wait).
   */
  void pass() throws Exception;

  /**
   * How long to pause after a pass that failed: not at once, since while the database is
   * unreachable every pass fails within microseconds.
   */
  default Duration afterFailure() {
    return Duration.ofSeconds(1);
  }
}
