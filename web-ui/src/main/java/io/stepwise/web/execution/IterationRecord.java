package io.stepwise.web.execution;

/**
 * One inline Map iteration as its history tells it: the ids of the events that hold its input (its
 * first state's StateEntered), its output (its last StateExited) and its error.
 *
 * @param status SUCCEEDED, FAILED, CANCELLED (aborted) or RUNNING
 */
public record IterationRecord(
    int index,
    StateStatus status,
    long firstEnteredEventId,
    long lastExitedEventId,
    long failureEventId) {

  /** How the iteration picker names it. */
  public String label() {
    return index + " · " + (status == StateStatus.CANCELLED ? "aborted" : status.label());
  }
}
