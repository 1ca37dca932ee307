package io.stepwise.web.execution;

/**
 * What the Map state's iteration picker shows for one iteration.
 *
 * @param input indented JSON, or empty
 * @param output indented JSON when it succeeded, else empty
 * @param error its failure event's details (error and cause), indented, or empty
 */
public record IterationDetail(
    String mapName, IterationRecord iteration, String input, String output, String error) {

  public String status() {
    return iteration.status() == StateStatus.CANCELLED ? "aborted" : iteration.status().label();
  }

  public String statusClass() {
    return iteration.status().cssClass();
  }
}
