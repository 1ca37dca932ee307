package io.stepwise.web.graph;

import java.util.List;

/**
 * A state graph as boxes and arrows: one scope (the machine, a Parallel branch or a Map's item
 * processor) with a start and an end node, its states, and the transitions between them. States
 * that run inner scopes carry them, so the drawing nests them inside their state.
 */
public record FlowGraph(String id, List<Node> nodes, List<Edge> edges) {

  /** What a node stands for. */
  public enum NodeKind {
    START,
    END,
    STATE
  }

  /** How a transition comes about; drawn differently. */
  public enum EdgeKind {
    NEXT,
    CHOICE,
    DEFAULT,
    CATCH
  }

  /**
   * One node; {@code stateName} and {@code stateType} are null for start and end nodes.
   *
   * @param inner the scopes the state runs (Parallel branches, a Map's item processor)
   */
  public record Node(
      String id, NodeKind kind, String stateName, String stateType, List<FlowGraph> inner) {}

  /** One arrow between two nodes of the same scope. */
  public record Edge(String from, String to, EdgeKind kind) {}
}
