package io.stepwise.worker;

import java.util.logging.LogManager;

/**
 * A {@link LogManager} that keeps logging through JVM shutdown. The JDK's own manager resets (and
 * so silences) every logger from its shutdown hook, which may run before the worker's hook has
 * logged how its graceful shutdown went; this one ignores that reset and is reset by {@link
 * WorkerMain} once the worker has stopped.
 */
public final class ShutdownSafeLogManager extends LogManager {

  /** Creates the manager; the JDK instantiates it from {@code java.util.logging.manager}. */
  public ShutdownSafeLogManager() {}

  @Override
  public void reset() {
    // Ignored: the JDK calls this from its own shutdown hook. See resetAtLast().
  }

  /** Really resets, flushing and closing the handlers. */
  void resetAtLast() {
    super.reset();
  }
}
