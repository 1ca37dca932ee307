package io.stepwise.engine.error;

/**
 * A failure inside a state machine, carrying the error name and cause that Retry, Catch and the
 * execution's final status see (e.g. {@code States.Runtime}).
 *
 * <p>It is a control-flow signal of the interpreter, so it carries no stack trace.
 */
public class StatesException extends RuntimeException {
  private final String error;
  private final String cause;

  public StatesException(String error, String cause) {
    super(error + ": " + cause, null, false, false);
    this.error = error;
    this.cause = cause;
  }

  /** The error name, e.g. {@code States.Runtime}; may be null for a Fail state without Error. */
  public String error() {
    return error;
  }

  /** The human-readable cause; may be null. */
  public String cause() {
    return cause;
  }
}
