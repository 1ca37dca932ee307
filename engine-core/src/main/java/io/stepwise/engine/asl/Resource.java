package io.stepwise.engine.asl;

/**
 * A Task's Resource, classified: what kind of target it is and how the state waits for it.
 *
 * @param arn the resource as written
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
    }
    return new Resource(arn, kind, pattern);
  }

  /**
   * The service and action of a service integration without the pattern suffix, e.g. {@code
   * lambda:invoke}; the ARN itself otherwise.
   */
  public String serviceAction() {
    if (kind != Kind.SERVICE) return arn;
    String[] parts = arn.split(":", 6);
    String tail = parts.length == 6 ? parts[5] : arn;
    int dot = tail.indexOf('.', tail.indexOf(':') + 1);
    return dot > 0 ? tail.substring(0, dot) : tail;
  }

  /** The resource type AWS records in Task* history events (e.g. {@code lambda}). */
  public String resourceType() {
    String action = serviceAction();
    int colon = action.indexOf(':');
    return colon > 0 ? action.substring(0, colon) : action;
  }

  /**
   * The resource name AWS records in Task* history events (e.g. {@code invoke.waitForTaskToken}).
   */
  public String resourceName() {
    if (kind != Kind.SERVICE) return arn;
    String[] parts = arn.split(":", 6);
    String tail = parts.length == 6 ? parts[5] : arn;
    int colon = tail.indexOf(':');
    return colon > 0 ? tail.substring(colon + 1) : tail;
  }
}
