package io.stepwise.web.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.math.KVector;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.SizeConstraint;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Lays out a {@link FlowGraph} top to bottom with ELK's layered algorithm, on the server, and
 * flattens the result to absolute coordinates. Inner scopes are laid out first and their container
 * sized around them (ELK's recursive engine). Stateless and thread-safe.
 */
public final class GraphLayout {
  static final int MAX_LABEL = 34;
  private static final double STATE_HEIGHT = 40;
  private static final double TERMINAL_WIDTH = 64;
  private static final double TERMINAL_HEIGHT = 24;

  static {
    // ELK finds its option providers with ServiceLoader; by default on the system class loader,
    // which inside Quarkus is not the loader of ELK's own classes, so the providers would not
    // match.
    LayoutMetaDataService.getInstance(GraphLayout.class.getClassLoader())
        .registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
  }

  private GraphLayout() {}

  /** What each ELK node and edge was made from (ELK's own properties would need registering). */
  private record Sources(Map<ElkNode, Object> nodes, Map<ElkEdge, EdgeSource> edges) {}

  /** An edge's kind and the states at its ends (null for a scope's start or end). */
  private record EdgeSource(FlowGraph.EdgeKind kind, String fromState, String toState) {}

  /** Lays out the graph; about a quarter second cold, milliseconds once warm. */
  public static GraphDrawing layout(FlowGraph graph) {
    ElkNode root = ElkGraphUtil.createGraph();
    configure(root, 0);
    Sources sources = new Sources(new HashMap<>(), new HashMap<>());
    addScope(root, graph, sources);
    new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
    List<GraphDrawing.Box> boxes = new ArrayList<>();
    List<GraphDrawing.Line> lines = new ArrayList<>();
    flatten(root, 0, 0, sources, boxes, lines);
    return new GraphDrawing(root.getWidth(), root.getHeight(), List.copyOf(boxes), lines);
  }

  private static void configure(ElkNode node, double topPadding) {
    node.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
    node.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
    node.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
    node.setProperty(CoreOptions.SPACING_NODE_NODE, 24.0);
    node.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 28.0);
    node.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 14.0);
    node.setProperty(CoreOptions.PADDING, new ElkPadding(topPadding + 12, 12, 12, 12));
  }

  private static void addScope(ElkNode parent, FlowGraph scope, Sources sources) {
    Map<String, ElkNode> byId = new HashMap<>();
    Map<String, String> stateOf = new HashMap<>();
    for (FlowGraph.Node node : scope.nodes()) {
      ElkNode elk = ElkGraphUtil.createNode(parent);
      byId.put(node.id(), elk);
      if (node.stateName() != null) stateOf.put(node.id(), node.stateName());
      sources.nodes().put(elk, node);
      if (node.kind() != FlowGraph.NodeKind.STATE) {
        elk.setDimensions(TERMINAL_WIDTH, TERMINAL_HEIGHT);
      } else if (node.inner().isEmpty()) {
        elk.setDimensions(labelWidth(node.stateName()), STATE_HEIGHT);
      } else {
        // A container: its branches side by side in one layer, sized by the engine.
        // Room above the branches for two lines: the name, then the type and iteration note.
        configure(elk, 30);
        elk.setProperty(LayeredOptions.SEPARATE_CONNECTED_COMPONENTS, false);
        elk.setProperty(
            CoreOptions.NODE_SIZE_MINIMUM, new KVector(labelWidth(node.stateName()), STATE_HEIGHT));
        elk.setProperty(CoreOptions.NODE_SIZE_CONSTRAINTS, SizeConstraint.minimumSize());
        for (FlowGraph inner : node.inner()) {
          ElkNode scopeNode = ElkGraphUtil.createNode(elk);
          configure(scopeNode, 0);
          sources.nodes().put(scopeNode, inner);
          addScope(scopeNode, inner, sources);
        }
      }
    }
    for (FlowGraph.Edge edge : scope.edges()) {
      ElkEdge elk = ElkGraphUtil.createEdge(parent);
      elk.getSources().add(byId.get(edge.from()));
      elk.getTargets().add(byId.get(edge.to()));
      elk.setProperty(CoreOptions.PRIORITY, edge.kind() == FlowGraph.EdgeKind.CATCH ? 0 : 1);
      sources
          .edges()
          .put(elk, new EdgeSource(edge.kind(), stateOf.get(edge.from()), stateOf.get(edge.to())));
    }
  }

  private static double labelWidth(String name) {
    int chars = Math.min(name.length(), MAX_LABEL);
    return Math.max(110, chars * 7.2 + 28);
  }

  private static void flatten(
      ElkNode parent,
      double ox,
      double oy,
      Sources sources,
      List<GraphDrawing.Box> boxes,
      List<GraphDrawing.Line> lines) {
    for (ElkNode child : parent.getChildren()) {
      double x = ox + child.getX();
      double y = oy + child.getY();
      Object source = sources.nodes().get(child);
      if (source instanceof FlowGraph.Node node) {
        GraphDrawing.BoxKind kind =
            switch (node.kind()) {
              case START -> GraphDrawing.BoxKind.START;
              case END -> GraphDrawing.BoxKind.END;
              case STATE ->
                  node.inner().isEmpty()
                      ? GraphDrawing.BoxKind.STATE
                      : GraphDrawing.BoxKind.CONTAINER;
            };
        boxes.add(
            new GraphDrawing.Box(
                node.id(),
                kind,
                node.stateName(),
                node.stateType(),
                x,
                y,
                child.getWidth(),
                child.getHeight()));
      } else if (source instanceof FlowGraph scope) {
        boxes.add(
            new GraphDrawing.Box(
                scope.id(),
                GraphDrawing.BoxKind.SCOPE,
                null,
                null,
                x,
                y,
                child.getWidth(),
                child.getHeight()));
      }
      if (!child.getChildren().isEmpty()) flatten(child, x, y, sources, boxes, lines);
    }
    for (ElkEdge edge : parent.getContainedEdges()) {
      EdgeSource source = sources.edges().get(edge);
      for (ElkEdgeSection section : edge.getSections()) {
        StringBuilder d = new StringBuilder();
        point(d, 'M', ox + section.getStartX(), oy + section.getStartY());
        for (ElkBendPoint bend : section.getBendPoints()) {
          point(d, 'L', ox + bend.getX(), oy + bend.getY());
        }
        point(d, 'L', ox + section.getEndX(), oy + section.getEndY());
        lines.add(
            new GraphDrawing.Line(
                d.toString().trim(), source.kind(), source.fromState(), source.toState()));
      }
    }
  }

  private static void point(StringBuilder d, char op, double x, double y) {
    d.append(op)
        .append(' ')
        .append(Math.round(x * 10) / 10.0)
        .append(' ')
        .append(Math.round(y * 10) / 10.0)
        .append(' ');
  }
}
