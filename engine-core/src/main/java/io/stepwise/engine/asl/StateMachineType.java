package io.stepwise.engine.asl;

/** The two workflow types of AWS Step Functions. */
public enum StateMachineType {
  /** Durable, exactly-once transitions, full history, up to a year. */
  STANDARD,
  /** In memory, at-least-once, up to five minutes, no history API. */
  EXPRESS
}
