package io.stepwise.engine.interpret;

/**
 * Thrown out of a step when the snapshot's {@code haltAfterEventId} is reached: time travel stops
 * the interpreter right after a given event. The snapshot is left as it was at that moment.
 */
public final class HaltedException extends RuntimeException {
  public HaltedException() {
    super("halted", null, false, false);
  }
}
