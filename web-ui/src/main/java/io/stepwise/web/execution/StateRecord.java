package io.stepwise.web.execution;

/**
 * What an execution's history says about one state so far.
 *
 * @param entries how often it was entered (Map iterations and loops enter a state many times)
 * @param retries how often its Retry ran it again
 * @param lastEnteredEventId the id of its latest StateEntered event, 0 if none
 * @param lastExitedEventId the id of its latest StateExited event, 0 if none
 * @param lastFailureEventId the id of its latest failure event (TaskFailed, ...), 0 if none
 * @param iterations Map iterations started, -1 for other states
 * @param iterationsSucceeded Map iterations that succeeded
 * @param iterationsFailed Map iterations that failed
 * @param iterationsAborted Map iterations aborted (another failed, or the execution stopped)
 * @param items the Map's number of items (MapStateStarted's length), -1 when unknown
 */
public record StateRecord(
    String name,
    StateStatus status,
    int entries,
    int retries,
    long lastEnteredEventId,
    long lastExitedEventId,
    long lastFailureEventId,
    int iterations,
    int iterationsSucceeded,
    int iterationsFailed,
    int iterationsAborted,
    int items) {

  /** The short note drawn under the state's name. */
  public String note() {
    StringBuilder note = new StringBuilder();
    if (iterations >= 0) {
      note.append(iterationsSucceeded).append('/').append(items >= 0 ? items : iterations);
      note.append(" iterations");
      if (iterationsFailed > 0) note.append(", ").append(iterationsFailed).append(" failed");
      if (iterationsAborted > 0) note.append(", ").append(iterationsAborted).append(" aborted");
    } else if (entries > 1) {
      note.append("×").append(entries);
    }
    if (retries > 0) {
      if (!note.isEmpty()) note.append(", ");
      note.append(retries).append(retries == 1 ? " retry" : " retries");
    }
    return note.toString();
  }
}
