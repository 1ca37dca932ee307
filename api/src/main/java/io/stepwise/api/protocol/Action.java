package io.stepwise.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** One operation of the AWS Step Functions API: a request body in, a response body out. */
@FunctionalInterface
public interface Action {
  /**
   * Serves one call. Runs on a virtual thread, so it may block on the database.
   *
   * @throws AwsError for every refusal the caller should see
   */
  JsonNode handle(Request request);
}
