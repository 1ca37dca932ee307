package io.stepwise.web.graph;

import java.util.List;
import java.util.Map;

/** A graph drawing with each state painted by what happened to it: what the SVG template draws. */
public record PaintedGraph(
    double width, double height, List<PaintedBox> boxes, List<GraphDrawing.Line> lines) {

  /** One box with its paint. */
  public record PaintedBox(GraphDrawing.Box box, StatePaint paint) {
    public boolean isState() {
      return box.kind() == GraphDrawing.BoxKind.STATE;
    }

    public boolean isContainer() {
      return box.kind() == GraphDrawing.BoxKind.CONTAINER;
    }

    public boolean isScope() {
      return box.kind() == GraphDrawing.BoxKind.SCOPE;
    }

    public boolean isTerminal() {
      return box.kind() == GraphDrawing.BoxKind.START || box.kind() == GraphDrawing.BoxKind.END;
    }
  }

  /** Paints the drawing; states missing from {@code paints} are drawn plain. */
  public static PaintedGraph paint(GraphDrawing drawing, Map<String, StatePaint> paints) {
    List<PaintedBox> boxes =
        drawing.boxes().stream()
            .map(
                b ->
                    new PaintedBox(
                        b,
                        b.stateName() == null
                            ? StatePaint.PLAIN
                            : paints.getOrDefault(b.stateName(), StatePaint.PLAIN)))
            .toList();
    return new PaintedGraph(drawing.width(), drawing.height(), boxes, drawing.lines());
  }
}
