package io.stepwise.engine.dataflow.path;

/**
 * Thrown when a definite path finds nothing. The message is the one AWS quotes after "Invalid path
 * '...' : " (it comes from the jayway library AWS runs), e.g. {@code No results for path: $['a']}
 * or {@code Missing property in path $['a']}.
 */
public final class PathNotFoundException extends Exception {
  public PathNotFoundException(String message) {
    super(message, null, false, false);
  }
}
