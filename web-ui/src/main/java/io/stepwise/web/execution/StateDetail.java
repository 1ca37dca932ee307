package io.stepwise.web.execution;

import io.stepwise.web.page.PrettyJson;

/**
 * What the panel beside the graph shows for a clicked state: its latest run's input and output
 * (from its StateEntered and StateExited events), its retries and its latest failure.
 *
 * @param executionPath the execution's page, for the "why did it go there" fragment
 * @param input indented JSON, or empty when the state was not entered
 * @param output indented JSON, or empty when it has not exited
 * @param failure the failure event's details (error and cause), indented, or empty
 */
public record StateDetail(
    String executionPath,
    StateRecord state,
    String stateType,
    String input,
    String output,
    String failureType,
    String failure) {

  public String statusClass() {
    return state.status().cssClass();
  }

  static String json(com.fasterxml.jackson.databind.JsonNode details, String field) {
    return details == null || !details.has(field) ? "" : PrettyJson.of(details.get(field));
  }
}
