package io.stepwise.web.graph;

import io.stepwise.engine.asl.Catcher;
import io.stepwise.engine.asl.ChoiceRule;
import io.stepwise.engine.asl.ChoiceState;
import io.stepwise.engine.asl.FailState;
import io.stepwise.engine.asl.MapState;
import io.stepwise.engine.asl.ParallelState;
import io.stepwise.engine.asl.Recoverable;
import io.stepwise.engine.asl.State;
import io.stepwise.engine.asl.StateGraph;
import io.stepwise.engine.asl.SucceedState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed definition's {@link StateGraph} into a {@link FlowGraph}: every transition (Next,
 * End, Choice rules and Default, Catch) becomes an edge; Parallel branches and Map item processors
 * become inner scopes of their state. Node ids are generated, never state names, so names never
 * reach an HTML id or CSS selector.
 */
public final class FlowGraphBuilder {
  private int nodes;
  private int scopes;

  private FlowGraphBuilder() {}

  /** The flow graph of a state machine's top-level graph. */
  public static FlowGraph of(StateGraph graph) {
    return new FlowGraphBuilder().scope(graph);
  }

  private FlowGraph scope(StateGraph graph) {
    String scopeId = "g" + scopes++;
    String start = scopeId + "-start";
    String end = scopeId + "-end";
    Map<String, String> ids = new HashMap<>();
    for (String name : graph.states().keySet()) ids.put(name, "n" + nodes++);
    List<FlowGraph.Node> out = new ArrayList<>();
    List<FlowGraph.Edge> edges = new ArrayList<>();
    out.add(new FlowGraph.Node(start, FlowGraph.NodeKind.START, null, null, List.of()));
    if (ids.containsKey(graph.startAt())) {
      edges.add(new FlowGraph.Edge(start, ids.get(graph.startAt()), FlowGraph.EdgeKind.NEXT));
    }
    for (State state : graph.states().values()) {
      String id = ids.get(state.name());
      out.add(
          new FlowGraph.Node(
              id, FlowGraph.NodeKind.STATE, state.name(), state.typeName(), inner(state)));
      // A set: two Choice rules to the same state draw one arrow.
      Set<FlowGraph.Edge> from = new LinkedHashSet<>();
      for (var target : targets(state).entrySet()) {
        String to = target.getKey() == null ? end : ids.get(target.getKey());
        if (to != null) from.add(new FlowGraph.Edge(id, to, target.getValue()));
      }
      edges.addAll(from);
    }
    out.add(new FlowGraph.Node(end, FlowGraph.NodeKind.END, null, null, List.of()));
    return new FlowGraph(scopeId, List.copyOf(out), List.copyOf(edges));
  }

  private List<FlowGraph> inner(State state) {
    return switch (state) {
      case ParallelState p -> p.branches().stream().map(this::scope).toList();
      case MapState m -> m.itemProcessor() == null ? List.of() : List.of(scope(m.itemProcessor()));
      default -> List.of();
    };
  }

  /** Where the state can go: state name (null for the end of the scope) → how. */
  private static Map<String, FlowGraph.EdgeKind> targets(State state) {
    Map<String, FlowGraph.EdgeKind> to = new java.util.LinkedHashMap<>();
    switch (state) {
      case ChoiceState c -> {
        for (ChoiceRule.Branch b : c.choices()) to.putIfAbsent(b.next(), FlowGraph.EdgeKind.CHOICE);
        if (c.defaultNext() != null) to.putIfAbsent(c.defaultNext(), FlowGraph.EdgeKind.DEFAULT);
      }
      case SucceedState s -> to.put(null, FlowGraph.EdgeKind.NEXT);
      case FailState f -> to.put(null, FlowGraph.EdgeKind.NEXT);
      default -> {
        var t = state.base().transition();
        if (t != null) to.put(t.isEnd() ? null : t.next(), FlowGraph.EdgeKind.NEXT);
      }
    }
    if (state instanceof Recoverable r && r.catchers() != null) {
      for (Catcher c : r.catchers()) to.putIfAbsent(c.next(), FlowGraph.EdgeKind.CATCH);
    }
    return to;
  }
}
