package io.stepwise.web.graph;

/**
 * How one state is drawn for an execution.
 *
 * @param status a CSS class naming what happened to the state ({@code st-succeeded}, ...)
 * @param note a short note under the name, e.g. Map iteration counts, or empty
 */
public record StatePaint(String status, String note) {
  /** A state drawn with no execution to colour it. */
  public static final StatePaint PLAIN = new StatePaint("st-plain", "");
}
