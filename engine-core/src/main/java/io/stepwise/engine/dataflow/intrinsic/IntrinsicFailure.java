package io.stepwise.engine.dataflow.intrinsic;

import io.stepwise.engine.error.StateEvaluationException;

/**
 * Builds the failure of an intrinsic call at evaluation time.
 *
 * <p>AWS reports intrinsic failures as {@code States.Runtime}: its list of error names keeps {@code
 * States.IntrinsicFailure} "reserved for future use". The cause here is the detail only; the
 * interpreter prefixes it with the state's name and entry event, as for every States.Runtime
 * failure. No recording in the corpus shows AWS's exact wording for these causes, so they are kept
 * in this one place.
 */
final class IntrinsicFailure {
  private IntrinsicFailure() {}

  /** {@code Invalid arguments in States.X: <detail>}. */
  static StateEvaluationException invalidArguments(IntrinsicFunction function, String detail) {
    return StateEvaluationException.runtime(
        "Invalid arguments in " + function.awsName() + ": " + detail);
  }

  /** A result larger than the evaluation budget allows. */
  static StateEvaluationException tooLarge(IntrinsicFunction function, long size, int limit) {
    return invalidArguments(
        function,
        "the result would have "
            + size
            + " items or characters, more than "
            + limit
            + " (stepwise.limits.expression-size)");
  }
}
