package io.stepwise.web.execution;

/** What happened to a state in an execution, as the graph colours it. */
public enum StateStatus {
  NOT_REACHED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  /** It failed and a Catch took the error: the execution went on elsewhere. */
  CAUGHT,
  /** It was still running when its execution, branch or iteration was stopped. */
  CANCELLED;

  /** The CSS class that colours it. */
  public String cssClass() {
    return "st-" + name().toLowerCase().replace('_', '-');
  }

  /** Words for people. */
  public String label() {
    return name().toLowerCase().replace('_', ' ');
  }
}
