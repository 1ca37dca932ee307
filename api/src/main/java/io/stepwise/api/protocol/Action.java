package io.stepwise.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One operation of the AWS Step Functions API: the translation of its request body into a service
 * call and of the result into its response body, and whether it changes anything (every change is
 * audited by the endpoint; reads are not).
 */
public record Action(boolean changes, Translation translation) {

  /** Reads the request's members, calls the service, writes the response. */
  @FunctionalInterface
  public interface Translation {
    /**
     * Serves one call. Runs on a virtual thread, so it may block on the database. Refusals are the
     * services' {@code ServiceException}s (or {@link AwsError}s of the wire itself).
     */
    JsonNode handle(Request request);
  }

  /** An operation that only reads. */
  public static Action read(Translation translation) {
    return new Action(false, translation);
  }

  /** An operation that changes something (or hands out work): audited. */
  public static Action change(Translation translation) {
    return new Action(true, translation);
  }
}
