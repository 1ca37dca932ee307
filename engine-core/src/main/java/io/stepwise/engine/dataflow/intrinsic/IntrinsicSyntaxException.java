package io.stepwise.engine.dataflow.intrinsic;

/** Thrown when a text is not a well-formed intrinsic function call. */
public final class IntrinsicSyntaxException extends Exception {
  public IntrinsicSyntaxException(String message) {
    super(message, null, false, false);
  }
}
