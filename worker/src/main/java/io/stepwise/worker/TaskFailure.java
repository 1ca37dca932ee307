package io.stepwise.worker;

/**
 * A task failure with an error name and a cause, reported with SendTaskFailure so that a state's
 * Retry and Catch can match the error name.
 */
public class TaskFailure extends Exception {

  private static final long serialVersionUID = 1L;

  private final String error;
  private final String cause;

  /**
   * Creates a failure.
   *
   * @param error the error name Retry/Catch match in ErrorEquals, e.g. {@code "Greeting.NoName"}
   * @param cause a human-readable cause (may be JSON), shown in the execution history
   */
  public TaskFailure(String error, String cause) {
    super(error + ": " + cause);
    this.error = error;
    this.cause = cause;
  }

  /** The error name. */
  public String error() {
    return error;
  }

  /** The cause text. */
  public String cause() {
    return cause;
  }
}
