package io.stepwise.engine.dataflow.jsonata;

/** A text that is not a valid JSONata expression. */
public final class JsonataSyntaxException extends Exception {
  public JsonataSyntaxException(String expression, String reason) {
    super("'" + expression + "': " + reason, null, false, false);
  }
}
