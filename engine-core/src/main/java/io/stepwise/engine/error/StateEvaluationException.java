package io.stepwise.engine.error;

/**
 * A failure while evaluating a state's own fields (paths, templates, intrinsics, expressions). AWS
 * prefixes its cause with the state's name and entry event, so the interpreter does too.
 */
public final class StateEvaluationException extends StatesException {
  private final String location;

  public StateEvaluationException(String error, String cause) {
    this(error, cause, null);
  }

  /**
   * @param location the field that failed, as AWS names it in EvaluationFailed events (e.g. {@code
   *     Output/result}); null when the failure is not one field's
   */
  public StateEvaluationException(String error, String cause, String location) {
    super(error, cause);
    this.location = location;
  }

  /** The field that failed (e.g. {@code Arguments/FunctionName}), or null. */
  public String location() {
    return location;
  }

  /** A {@code States.Runtime} failure with that cause. */
  public static StateEvaluationException runtime(String cause) {
    return new StateEvaluationException(ErrorNames.RUNTIME, cause);
  }
}
