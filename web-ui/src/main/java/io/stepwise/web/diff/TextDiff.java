package io.stepwise.web.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.algorithm.DiffAlgorithmListener;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Two definition texts side by side, line against line, with each changed line marked (Myers' diff
 * from java-diff-utils). Lines are kept raw: the template escapes them.
 */
public final class TextDiff {
  /**
   * Lines per side compared at most: the diff's work grows with lines times differences, and a
   * definition may be 1 MB, so larger texts are not compared line by line.
   */
  public static final int MAX_LINES = 5_000;

  /**
   * Differences (lines removed plus lines added) looked for at most: Myers' work grows with lines
   * times differences, so one comparison stays near {@code 2 * MAX_LINES * MAX_DIFFERENCES} steps.
   * Two 5,000-line texts with nothing in common took 2-3 s of a core, and any viewer may ask for a
   * diff as often as they like.
   */
  public static final int MAX_DIFFERENCES = 1_000;

  /**
   * One row: the older line and the newer line with their numbers (null where that side has no
   * line), and how they differ.
   */
  public record Row(
      Integer oldNumber, String oldLine, Integer newNumber, String newLine, Kind kind) {
    /** The marker read before the line, so a change does not rest on colour alone. */
    public String sign() {
      return switch (kind) {
        case ADDED -> "+";
        case REMOVED -> "−";
        case CHANGED -> "~";
        case SAME -> "";
      };
    }

    public String cssClass() {
      return "diff-" + kind.name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Kind {
    SAME,
    ADDED,
    REMOVED,
    CHANGED
  }

  private TextDiff() {}

  /**
   * The rows of the two texts' diff; empty when either has more than {@link #MAX_LINES}, or they
   * differ in more than {@link #MAX_DIFFERENCES} lines.
   */
  public static List<Row> rows(String before, String after) {
    List<String> oldLines = before.lines().toList();
    List<String> newLines = after.lines().toList();
    if (oldLines.size() > MAX_LINES || newLines.size() > MAX_LINES) return List.of();
    List<Row> rows = new ArrayList<>();
    int o = 0;
    int n = 0;
    Patch<String> patch;
    try {
      patch = DiffUtils.diff(oldLines, newLines, new DifferenceBudget());
    } catch (DifferenceBudget.Exceeded e) {
      return List.of();
    }
    for (AbstractDelta<String> delta : patch.getDeltas()) {
      int oldStart = delta.getSource().getPosition();
      while (o < oldStart) rows.add(same(oldLines, newLines, o++, n++));
      int removed = delta.getSource().size();
      int added = delta.getTarget().size();
      Kind kind = delta.getType() == DeltaType.CHANGE ? Kind.CHANGED : null;
      for (int i = 0; i < Math.max(removed, added); i++) {
        boolean hasOld = i < removed;
        boolean hasNew = i < added;
        Kind k = kind != null ? kind : hasOld ? Kind.REMOVED : Kind.ADDED;
        rows.add(
            new Row(
                hasOld ? o + 1 : null,
                hasOld ? oldLines.get(o) : null,
                hasNew ? n + 1 : null,
                hasNew ? newLines.get(n) : null,
                k));
        if (hasOld) o++;
        if (hasNew) n++;
      }
    }
    while (o < oldLines.size()) rows.add(same(oldLines, newLines, o++, n++));
    return rows;
  }

  /** Stops Myers' search once it has looked for {@link #MAX_DIFFERENCES} differences. */
  private static final class DifferenceBudget implements DiffAlgorithmListener {
    static final class Exceeded extends RuntimeException {
      Exceeded() {
        super("more than " + MAX_DIFFERENCES + " differences", null, false, false);
      }
    }

    @Override
    public void diffStart() {}

    @Override
    public void diffStep(int differences, int most) {
      if (differences > MAX_DIFFERENCES) throw new Exceeded();
    }

    @Override
    public void diffEnd() {}
  }

  private static Row same(List<String> oldLines, List<String> newLines, int o, int n) {
    return new Row(o + 1, oldLines.get(o), n + 1, newLines.get(n), Kind.SAME);
  }

  /** Whether the two texts differ in any line. */
  public static boolean anyChange(List<Row> rows) {
    return rows.stream().anyMatch(r -> r.kind() != Kind.SAME);
  }
}
