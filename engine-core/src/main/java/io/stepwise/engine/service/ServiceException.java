package io.stepwise.engine.service;

/**
 * A refused service call, named as AWS names it ({@code ExecutionDoesNotExist}, {@code
 * InvalidDefinition}, {@code ValidationException}, …) with a message for people.
 */
public final class ServiceException extends RuntimeException {
  private final String code;

  public ServiceException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  /** AWS's exception name, e.g. {@code StateMachineDoesNotExist}. */
  public String code() {
    return code;
  }
}
