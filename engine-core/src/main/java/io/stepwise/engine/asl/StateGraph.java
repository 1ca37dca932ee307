package io.stepwise.engine.asl;

import java.util.Map;

/**
 * A set of states with a start: the whole state machine, one Parallel branch or a Map's item
 * processor. States keep their definition order.
 */
public record StateGraph(String startAt, Map<String, State> states) {
  /** The state of that name in this graph, or null. */
  public State state(String name) {
    return states.get(name);
  }
}
