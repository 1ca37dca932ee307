package io.stepwise.api.protocol;

import io.stepwise.api.persistence.DatabaseOutage;
import io.stepwise.engine.service.ServiceException;

/**
 * An error as the AWS Step Functions API reports it: a type name (the SDK turns {@code
 * ExecutionDoesNotExist} into {@code ExecutionDoesNotExistException}) and a message. Thrown for
 * refusals of the wire itself (unknown operation, a body that is no JSON object); the services'
 * refusals ({@link ServiceException}) become one here, in {@link #of}. Written by {@link
 * AwsJsonEndpoint} with {@code __type} and {@code message}.
 */
public final class AwsError extends RuntimeException {
  private static final String SERVICE_PREFIX = "com.amazonaws.swf.service.v2.model#";

  private final String type;
  private final int status;

  public AwsError(String type, String message) {
    this(type, message, 400);
  }

  public AwsError(String type, String message, int status) {
    super(message, null, false, false);
    this.type = type;
    this.status = status;
  }

  /** The short error name, e.g. {@code InvalidArn}. */
  public String type() {
    return type;
  }

  public int status() {
    return status;
  }

  /**
   * The {@code __type} AWS sends: the service's model namespace, or coral's for protocol errors.
   */
  public String wireType() {
    return switch (type) {
      case "ValidationException" -> "com.amazon.coral.validate#ValidationException";
      case "UnknownOperationException",
          "SerializationException",
          "InternalFailure",
          "AccessDeniedException" ->
          "com.amazon.coral.service#" + type;
      case "ServiceUnavailable" -> "com.amazon.coral.availability#" + type;
      default -> SERVICE_PREFIX + type;
    };
  }

  /** A service's refusal as the API reports it: its AWS name, HTTP 400. */
  public static AwsError of(ServiceException e) {
    return new AwsError(e.code(), e.getMessage());
  }

  /**
   * HTTP 503 {@code ServiceUnavailable}: the server cannot reach its database right now. AWS SDKs
   * retry a 503 with back-off, which is what the caller should do.
   */
  public static AwsError serviceUnavailable() {
    return new AwsError("ServiceUnavailable", DatabaseOutage.RETRY_MESSAGE, 503);
  }
}
