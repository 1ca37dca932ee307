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

    /** What a screen reader says for the state: name, type, what happened and the note. */
    public String ariaLabel() {
      StringBuilder label = new StringBuilder(box.stateName()).append(", ").append(box.stateType());
      if (!paint.words().isEmpty()) label.append(", ").append(paint.words());
      if (!paint.note().isEmpty()) label.append(", ").append(paint.note());
      return label.toString();
    }

    public boolean isTerminal() {
      return box.kind() == GraphDrawing.BoxKind.START || box.kind() == GraphDrawing.BoxKind.END;
    }
  }

  /** Paints the drawing; states missing from {@code paints} are drawn plain. */
  public static PaintedGraph paint(GraphDrawing drawing, Map<String, StatePaint> paints) {
    return paint(drawing, paints, StatePaint.PLAIN);
  }

  /** Paints an execution's drawing: states missing from {@code paints} were not reached. */
  public static PaintedGraph paintExecution(GraphDrawing drawing, Map<String, StatePaint> paints) {
    return paint(drawing, paints, StatePaint.NOT_REACHED);
  }

  private static PaintedGraph paint(
      GraphDrawing drawing, Map<String, StatePaint> paints, StatePaint missing) {
    List<PaintedBox> boxes =
        drawing.boxes().stream()
            .map(
                b ->
                    new PaintedBox(
                        b,
                        b.stateName() == null
                            ? StatePaint.PLAIN
                            : paints.getOrDefault(b.stateName(), missing)))
            .toList();
    return new PaintedGraph(drawing.width(), drawing.height(), boxes, drawing.lines());
  }
}
