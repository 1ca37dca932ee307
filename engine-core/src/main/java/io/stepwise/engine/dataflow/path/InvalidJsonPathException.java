package io.stepwise.engine.dataflow.path;

/** Thrown when a text is not a JSONPath that the Amazon States Language accepts. */
public final class InvalidJsonPathException extends Exception {
  public InvalidJsonPathException(String message) {
    super(message, null, false, false);
  }
}
