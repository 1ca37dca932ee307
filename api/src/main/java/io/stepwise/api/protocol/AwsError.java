package io.stepwise.api.protocol;

/**
 * An error as the AWS Step Functions API reports it: a type name (the SDK turns {@code
 * ExecutionDoesNotExist} into {@code ExecutionDoesNotExistException}) and a message. Thrown by
 * actions, written by {@link AwsJsonEndpoint} as HTTP 400 with {@code __type} and {@code message}.
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
      case "UnknownOperationException", "SerializationException", "InternalFailure" ->
          "com.amazon.coral.service#" + type;
      case "ServiceUnavailable" -> "com.amazon.coral.availability#" + type;
      default -> SERVICE_PREFIX + type;
    };
  }

  /** The same refusal for callers of the engine's service interfaces. */
  public io.stepwise.engine.service.ServiceException toService() {
    return new io.stepwise.engine.service.ServiceException(type, getMessage());
  }

  /** A service refusal as the API reports it. */
  public static AwsError of(io.stepwise.engine.service.ServiceException e) {
    return new AwsError(e.code(), e.getMessage());
  }

  /**
   * HTTP 503 {@code ServiceUnavailable}: the server cannot reach its database right now. AWS SDKs
   * retry a 503 with back-off, which is what the caller should do.
   */
  public static AwsError serviceUnavailable() {
    return new AwsError(
        "ServiceUnavailable",
        "The service is temporarily unavailable (its database cannot be reached); retry the"
            + " request",
        503);
  }

  public static AwsError validation(String message) {
    return new AwsError("ValidationException", message);
  }

  public static AwsError invalidArn(String arn) {
    return new AwsError(
        "InvalidArn", "Invalid Arn: 'Resource type not valid in this context: " + arn + "'");
  }

  public static AwsError invalidName(String name) {
    return new AwsError("InvalidName", "Invalid Name: '" + name + "'");
  }
}
