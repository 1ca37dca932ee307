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

  /** {@code <what> is not JSON: <the parser's words> (line L, column C)}. */
  public static String notJson(String what, com.fasterxml.jackson.core.JsonProcessingException e) {
    return what
        + " is not JSON: "
        + e.getOriginalMessage()
        + " (line "
        + e.getLocation().getLineNr()
        + ", column "
        + e.getLocation().getColumnNr()
        + ")";
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

  /** A member that does not match AWS's pattern for it. */
  public static ServiceException pattern(String member, String value, String regex) {
    return failed(
        "1 validation error detected: Value '"
            + value
            + "' at '"
            + member
            + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
            + regex);
  }

  /** A number outside AWS's range for the member. */
  public static ServiceException outOfRange(String member, long value, long min, long max) {
    return failed(
        "1 validation error detected: Value '"
            + value
            + "' at '"
            + member
            + "' failed to satisfy constraint: Member must have value "
            + (value < min ? "greater than or equal to " + min : "less than or equal to " + max));
  }
}
