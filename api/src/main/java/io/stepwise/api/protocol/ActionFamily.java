package io.stepwise.api.protocol;

import java.util.Map;

/** A group of related AWS operations served by one bean, found by the dispatcher at start-up. */
public interface ActionFamily {
  /** The operations by their AWS name (the part after {@code AWSStepFunctions.}). */
  Map<String, Action> actions();
}
