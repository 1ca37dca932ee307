package io.stepwise.web.graph;

import java.util.List;
import java.util.Map;

/** A graph drawing with each state painted by what happened to it: what the SVG template draws. */
public record PaintedGraph(
    double width, double height, List<PaintedBox> boxes, List<PaintedLine> lines, PathTaken path) {

  /**
   * One box with its paint and its place on the path taken (1 for the state entered first; 0 for
   * none), written on the box so the path does not rest on colour alone.
   */
  public record PaintedBox(GraphDrawing.Box box, StatePaint paint, int order) {
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
      if (order > 0) label.append(", entered ").append(ordinal(order));
      return label.toString();
    }

    public boolean isTerminal() {
      return box.kind() == GraphDrawing.BoxKind.START || box.kind() == GraphDrawing.BoxKind.END;
    }
  }

  /** One arrow; a followed one is drawn thick and solid ({@code edge-taken}). */
  public record PaintedLine(GraphDrawing.Line line, boolean taken) {
    public String path() {
      return line.path();
    }

    public String cssClass() {
      return taken ? line.cssClass() + " edge-taken" : line.cssClass();
    }
  }

  /** The path's states in order, each with its place ("1 Prepare → 2 Ship"), for reading. */
  public String pathInWords() {
    StringBuilder words = new StringBuilder();
    for (int i = 0; i < path.order().size(); i++) {
      if (i > 0) words.append(" → ");
      words.append(i + 1).append(' ').append(path.order().get(i));
    }
    return words.toString();
  }

  static String ordinal(int n) {
    String suffix =
        n % 100 >= 11 && n % 100 <= 13
            ? "th"
            : switch (n % 10) {
              case 1 -> "st";
              case 2 -> "nd";
              case 3 -> "rd";
              default -> "th";
            };
    return n + suffix;
  }

  /** Paints the drawing; states missing from {@code paints} are drawn plain. */
  public static PaintedGraph paint(GraphDrawing drawing, Map<String, StatePaint> paints) {
    return paint(drawing, paints, StatePaint.PLAIN, PathTaken.NONE);
  }

  /**
   * Paints an execution's drawing: states missing from {@code paints} were not reached; the states
   * and arrows of {@code path} are marked as taken.
   */
  public static PaintedGraph paintExecution(
      GraphDrawing drawing, Map<String, StatePaint> paints, PathTaken path) {
    return paint(drawing, paints, StatePaint.NOT_REACHED, path);
  }

  private static PaintedGraph paint(
      GraphDrawing drawing, Map<String, StatePaint> paints, StatePaint missing, PathTaken path) {
    List<PaintedBox> boxes =
        drawing.boxes().stream()
            .map(
                b ->
                    new PaintedBox(
                        b,
                        b.stateName() == null
                            ? StatePaint.PLAIN
                            : paints.getOrDefault(b.stateName(), missing),
                        path.position(b.stateName())))
            .toList();
    List<PaintedLine> lines =
        drawing.lines().stream().map(l -> new PaintedLine(l, path.followed(l))).toList();
    return new PaintedGraph(drawing.width(), drawing.height(), boxes, lines, path);
  }
}
