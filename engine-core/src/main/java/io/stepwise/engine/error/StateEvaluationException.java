package io.stepwise.engine.error;

/**
 * A failure while evaluating a state's own fields (paths, templates, intrinsics, expressions). AWS
 * prefixes its cause with the state's name and entry event, so the interpreter does too.
 */
public final class StateEvaluationException extends StatesException {
  public StateEvaluationException(String error, String cause) {
    super(error, cause);
  }

  /** A {@code States.Runtime} failure with that cause. */
  public static StateEvaluationException runtime(String cause) {
    return new StateEvaluationException(ErrorNames.RUNTIME, cause);
  }
}
