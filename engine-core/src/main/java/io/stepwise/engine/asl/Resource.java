package io.stepwise.engine.asl;

/**
 * A Task's Resource, classified: what kind of target it is and how the state waits for it.
 *
 * @param arn the resource as written; a service integration's without a region or account ({@code
 *     arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject} is {@code
 *     arn:aws:states:::aws-sdk:s3:getObject}), so workers and built-in handlers see one name for it
 * @param kind what serves it
 * @param pattern the integration pattern from the ARN's suffix
 */
public record Resource(String arn, Kind kind, Pattern pattern) {

  /** What serves a Task. */
  public enum Kind {
    /** {@code arn:aws:states:REGION:ACCOUNT:activity:NAME}: polled by workers. */
    ACTIVITY,
    /** A Lambda function ARN used directly (the legacy form): Lambda* history events. */
    LAMBDA_FUNCTION,
    /** {@code arn:aws:states:::SERVICE:ACTION}: an optimised or SDK service integration. */
    SERVICE
  }

  /** The integration pattern. */
  public enum Pattern {
    REQUEST_RESPONSE,
    SYNC,
    SYNC2,
    WAIT_FOR_TASK_TOKEN
  }

  /** Classifies a resource string. */
  public static Resource of(String arn) {
    Pattern pattern = Pattern.REQUEST_RESPONSE;
    if (arn.endsWith(".waitForTaskToken")) pattern = Pattern.WAIT_FOR_TASK_TOKEN;
    else if (arn.endsWith(".sync:2")) pattern = Pattern.SYNC2;
    else if (arn.endsWith(".sync")) pattern = Pattern.SYNC;
    Kind kind;
    if (arn.startsWith("arn:") && arn.contains(":states:") && arn.contains(":activity:")) {
      kind = Kind.ACTIVITY;
    } else if (arn.startsWith("arn:")
        && arn.split(":", -1).length > 2
        && arn.split(":", -1)[2].equals("lambda")) {
      kind = Kind.LAMBDA_FUNCTION;
    } else if (!arn.startsWith("arn:")) {
      kind = Kind.LAMBDA_FUNCTION;
    } else {
      kind = Kind.SERVICE;
      String[] parts = arn.split(":", 6);
      if (parts.length == 6 && parts[2].equals("states")) {
        arn = parts[0] + ":" + parts[1] + ":states:::" + parts[5];
      }
    }
    return new Resource(arn, kind, pattern);
  }

  /**
   * The resource type AWS records in Task* history events, e.g. {@code dynamodb}, {@code
   * aws-sdk:s3}.
   */
  public String resourceType() {
    if (kind != Kind.SERVICE) return arn;
    String integration = integration();
    int colon = integration.lastIndexOf(':');
    return colon > 0 ? integration.substring(0, colon) : integration;
  }

  /**
   * The resource name AWS records in Task* history events: the action and the pattern, e.g. {@code
   * putItem}, {@code invoke.waitForTaskToken}, {@code startExecution.sync:2}
   * (task/base_integrations_dynamodb_put_delete_item, errors/s3_no_such_key).
   */
  public String resourceName() {
    if (kind != Kind.SERVICE) return arn;
    String integration = integration();
    int colon = integration.lastIndexOf(':');
    String action = colon > 0 ? integration.substring(colon + 1) : integration;
    return action + arn.substring(arn.length() - suffix().length());
  }

  /**
   * After {@code arn:PARTITION:states:REGION:ACCOUNT:}, without the pattern: {@code
   * aws-sdk:s3:getObject}.
   */
  private String integration() {
    String[] parts = arn.split(":", 6);
    String tail = parts.length == 6 ? parts[5] : arn;
    return tail.substring(0, tail.length() - suffix().length());
  }

  private String suffix() {
    return switch (pattern) {
      case WAIT_FOR_TASK_TOKEN -> ".waitForTaskToken";
      case SYNC2 -> ".sync:2";
      case SYNC -> ".sync";
      case REQUEST_RESPONSE -> "";
    };
  }
}
