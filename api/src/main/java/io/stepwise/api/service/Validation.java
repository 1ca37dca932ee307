package io.stepwise.api.service;

import io.stepwise.engine.service.ServiceException;

/**
 * AWS's ValidationException and the wording of its request validation ("1 validation error
 * detected: ..."), which SDK users match on: one place for the texts the services and the protocol
 * share.
 */
public final class Validation {
  private Validation() {}

  /** A ValidationException with this message. */
  public static ServiceException failed(String message) {
    return new ServiceException("ValidationException", message);
  }

  /** A required member was absent. */
  public static ServiceException missing(String member) {
    return failed(
        "1 validation error detected: Value null at '"
            + member
            + "' failed to satisfy constraint: Member must not be null");
  }

  /** A member longer than AWS allows. */
  public static ServiceException tooLong(String member, int maxLength) {
    return failed(
        "1 validation error detected: Value at '"
            + member
            + "' failed to satisfy constraint: Member must have length less than or equal to "
            + maxLength);
  }

  /** A member whose value is not one of the allowed ones. */
  public static ServiceException notOneOf(String member, String value, String allowed) {
    return failed(
        "1 validation error detected: Value '"
            + value
            + "' at '"
            + member
            + "' failed to satisfy constraint: Member must satisfy enum value set: "
            + allowed);
  }
}
