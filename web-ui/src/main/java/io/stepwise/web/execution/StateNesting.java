package io.stepwise.web.execution;

import io.stepwise.engine.asl.MapState;
import io.stepwise.engine.asl.ParallelState;
import io.stepwise.engine.asl.State;
import io.stepwise.engine.asl.StateGraph;
import java.util.HashMap;
import java.util.Map;

/** Which states run inside which Parallel or Map state, from the execution's definition. */
final class StateNesting {
  private final Map<String, String> parentOf = new HashMap<>();

  StateNesting(StateGraph graph) {
    containers(graph, null);
  }

  private void containers(StateGraph graph, String parent) {
    for (State state : graph.states().values()) {
      if (parent != null) parentOf.put(state.name(), parent);
      switch (state) {
        case ParallelState p -> p.branches().forEach(b -> containers(b, state.name()));
        case MapState m -> {
          if (m.itemProcessor() != null) containers(m.itemProcessor(), state.name());
        }
        default -> {}
      }
    }
  }

  /** Whether {@code state} runs (at any depth) inside {@code container}. */
  boolean inside(String state, String container) {
    for (String p = parentOf.get(state); p != null; p = parentOf.get(p)) {
      if (p.equals(container)) return true;
    }
    return false;
  }

  /** How many containers the state runs inside (0 at the top level). */
  int depth(String name) {
    int depth = 0;
    for (String p = parentOf.get(name); p != null; p = parentOf.get(p)) depth++;
    return depth;
  }
}
