package io.stepwise.api.protocol;

import java.util.Map;

/** A group of related AWS operations translated by one bean, found by the endpoint at start-up. */
public interface ActionFamily {
  /** The operations by their AWS name (the part after {@code AWSStepFunctions.}). */
  Map<String, Action> actions();
}
