package io.stepwise.web.graph;

import java.util.List;
import java.util.Set;

/**
 * The path an execution took so far: its states in the order each was first entered, and the
 * transitions it followed ({@code from} null: a scope's start; {@code to} null: its end). State
 * names are unique in a whole machine, so a transition names its arrow in any scope.
 */
public record PathTaken(List<String> order, Set<Step> steps) {
  /** No execution: nothing taken. */
  public static final PathTaken NONE = new PathTaken(List.of(), Set.of());

  /** One transition followed. */
  public record Step(String from, String to) {}

  public PathTaken {
    order = List.copyOf(order);
    steps = Set.copyOf(steps);
  }

  /** The state's place in the order of first entry (1 for the first), or 0 if never entered. */
  public int position(String state) {
    return state == null ? 0 : order.indexOf(state) + 1;
  }

  boolean followed(GraphDrawing.Line line) {
    return steps.contains(new Step(line.fromState(), line.toState()));
  }
}
