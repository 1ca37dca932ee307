package io.stepwise.web.graph;

import java.util.List;

/**
 * A laid-out flow graph in absolute SVG coordinates, flat so a template can draw it: containers and
 * scopes come before the boxes inside them, so inner boxes are painted on top.
 */
public record GraphDrawing(double width, double height, List<Box> boxes, List<Line> lines) {

  /** What a box draws. */
  public enum BoxKind {
    START,
    END,
    STATE,
    /** A Parallel or Map state drawn around its inner scopes. */
    CONTAINER,
    /** A Parallel branch or a Map item processor inside its container. */
    SCOPE
  }

  /**
   * One box.
   *
   * @param nodeId the flow graph node id (or scope id), safe for HTML ids
   * @param stateName the state's name for states and containers, else null
   */
  public record Box(
      String nodeId,
      BoxKind kind,
      String stateName,
      String stateType,
      double x,
      double y,
      double width,
      double height) {

    public double centerX() {
      return x + width / 2;
    }

    public double nameY() {
      return y + 17;
    }

    public double typeY() {
      return y + 32;
    }

    public double terminalY() {
      return y + 16;
    }

    public double headerX() {
      return x + 10;
    }

    public double headerRightX() {
      return x + width - 10;
    }

    public double headerY() {
      return y + 18;
    }

    /** A container's second header line (type and note), below its name so they never overlap. */
    public double noteY() {
      return y + 34;
    }

    /** Where a state's place on the path taken is written: its top right corner. */
    public double orderX() {
      return x + width - 5;
    }

    public double orderY() {
      return y + 11;
    }

    /** The name as drawn: long names are shortened (the full name is the box's tooltip). */
    public String label() {
      if (stateName == null) return kind == BoxKind.START ? "Start" : "End";
      return stateName.length() > GraphLayout.MAX_LABEL
          ? stateName.substring(0, GraphLayout.MAX_LABEL - 1) + "…"
          : stateName;
    }
  }

  /**
   * One arrow as an SVG path ({@code M x y L x y ...}: numbers only), from one state to another
   * ({@code fromState} null: from its scope's start; {@code toState} null: to its scope's end).
   */
  public record Line(String path, FlowGraph.EdgeKind kind, String fromState, String toState) {
    public String cssClass() {
      return "edge-" + kind.name().toLowerCase();
    }
  }
}
