package io.stepwise.worker.poll;

/** How a task ended on this worker: a result to report with SendTaskSuccess, or a failure. */
sealed interface Outcome {

  /** The handler returned {@code output}, serialized JSON. */
  record Succeeded(String output) implements Outcome {}

  /** The task failed with an error name and cause. */
  record Failed(String error, String cause) implements Outcome {}
}
