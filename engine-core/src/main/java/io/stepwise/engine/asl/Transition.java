package io.stepwise.engine.asl;

/** Where a state goes when it is done: the next state's name, or the end of its graph. */
public record Transition(String next) {
  /** The transition of a state with {@code "End": true}. */
  public static final Transition END = new Transition(null);

  public boolean isEnd() {
    return next == null;
  }
}
