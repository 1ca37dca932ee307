package io.stepwise.web.execution;

import io.stepwise.web.page.Paths;
import io.stepwise.web.page.PrettyJson;
import java.util.List;

/**
 * What the panel beside the graph shows for a clicked state: its latest run's input and output
 * (from its StateEntered and StateExited events), its retries and its latest failure.
 *
 * @param executionPath the execution's page, for the "why did it go there" fragment
 * @param waiting what its open visit waits for (a Task's resource and deadlines, a Wait's wake
 *     time), in sentences; empty when it does not wait
 * @param input indented JSON, or empty when the state was not entered
 * @param output indented JSON, or empty when it has not exited
 * @param failure the failure event's details (error and cause), indented, or empty
 * @param visits every visit of the state, to pick another
 * @param iterations a Map state's inline iterations, to pick one
 * @param iteration the iteration shown first (the first that failed, else the first), or null
 * @param mapRunArn the Map Run a distributed Map's visit started, or null
 * @param waitingResource the resource of the open Task visit's task (waiting for a worker or for
 *     its answer), or null
 */
public record StateDetail(
    String executionPath,
    StateRecord state,
    List<String> waiting,
    String stateType,
    String input,
    String output,
    String failureType,
    String failure,
    List<StateVisit> visits,
    List<IterationRecord> iterations,
    IterationDetail iteration,
    String mapRunArn,
    String waitingResource) {

  /** The panel's URL for this state; the picker adds {@code visit}. */
  public String statePath() {
    return executionPath + "/state?name=" + Paths.encode(state.name());
  }

  /** The iteration fragment's URL for this Map state; the picker adds {@code index}. */
  public String iterationPath() {
    return executionPath + "/iteration?map=" + Paths.encode(state.name());
  }

  /** The Map Run's page, or null. */
  public String mapRunPath() {
    return mapRunArn == null ? null : Paths.mapRun(mapRunArn);
  }

  /** The activities page for the resource the Task waits for, or null. */
  public String activitiesPath() {
    return waitingResource == null ? null : "/activities?resource=" + Paths.encode(waitingResource);
  }

  public String statusClass() {
    return state.status().cssClass();
  }

  static String json(com.fasterxml.jackson.databind.JsonNode details, String field) {
    return details == null || !details.has(field) ? "" : PrettyJson.of(details.get(field));
  }
}
