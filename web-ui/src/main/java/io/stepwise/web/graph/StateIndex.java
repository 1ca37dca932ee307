package io.stepwise.web.graph;

import io.stepwise.engine.asl.MapState;
import io.stepwise.engine.asl.ParallelState;
import io.stepwise.engine.asl.State;
import io.stepwise.engine.asl.StateGraph;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every state of a definition by name, at any depth (ASL names are unique within a state machine,
 * inner branches and item processors included).
 */
public final class StateIndex {
  private final Map<String, State> byName = new HashMap<>();

  public StateIndex(StateGraph graph) {
    add(graph);
  }

  private void add(StateGraph graph) {
    for (State s : graph.states().values()) {
      byName.put(s.name(), s);
      for (StateGraph inner : inner(s)) add(inner);
    }
  }

  /** The graphs nested in a Parallel (its branches) or a Map (its item processor). */
  public static List<StateGraph> inner(State state) {
    return switch (state) {
      case ParallelState p -> p.branches();
      case MapState m -> m.itemProcessor() == null ? List.of() : List.of(m.itemProcessor());
      default -> List.of();
    };
  }

  /** The state of that name, or null. */
  public State state(String name) {
    return name == null ? null : byName.get(name);
  }
}
