package io.stepwise.web.timetravel;

/**
 * One running graph at a moment, as the time-travel panel lists it: the execution itself, a
 * Parallel branch or a Map iteration.
 *
 * @param label "Execution", "Branch 2", "Iteration 7"
 * @param depth 0 for the execution, one more per Parallel or Map level
 * @param stateName the state the frame is in
 * @param phase what it is doing, in words ("waiting task", "done")
 * @param input the state's raw input, indented JSON
 * @param variables the variables the frame sees, indented JSON, or empty when none
 */
public record FrameView(
    String label, int depth, String stateName, String phase, String input, String variables) {

  /** Indentation for the list, in CSS pixels. */
  public int indent() {
    return depth * 18;
  }
}
