package io.stepwise.web.dashboard;

import io.stepwise.engine.service.ExecutionStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dashboard's charts laid out for an SVG: stacked bars of executions by status per bucket, and
 * the duration percentiles as three lines. Statuses differ by pattern and the lines by dash as well
 * as colour, and every bar and point has a title, so nothing is told by colour alone.
 */
public final class Charts {
  public static final int WIDTH = 720;
  public static final int HEIGHT = 200;
  static final int LEFT = 48;
  static final int BOTTOM = 24;
  static final int TOP = 10;

  private Charts() {}

  /** One rectangle of a stacked bar. */
  public record Segment(
      double x, double y, double width, double height, String kind, String title) {}

  /** A status of the stacked bars: its CSS class (fill pattern) and its words. */
  public record Series(String kind, String label) {}

  public static final List<Series> STATUSES =
      List.of(
          new Series("succeeded", "Succeeded"),
          new Series("failed", "Failed"),
          new Series("timed-out", "Timed out"),
          new Series("aborted", "Aborted"),
          new Series("other", "Running or waiting to be redriven"));

  /** A line of the duration chart. */
  public record Line(String kind, String label, String points) {}

  /** A label on an axis. */
  public record Tick(double x, double y, String text) {}

  static double plotHeight() {
    return HEIGHT - TOP - BOTTOM;
  }

  static double barWidth(int buckets) {
    return (WIDTH - LEFT - 8) / (double) Math.max(1, buckets);
  }

  static List<Segment> stackedBars(List<ExecutionStatistics.Bucket> buckets, List<String> labels) {
    long max = 1;
    for (ExecutionStatistics.Bucket b : buckets) max = Math.max(max, b.started());
    double w = barWidth(buckets.size());
    List<Segment> out = new ArrayList<>();
    for (int i = 0; i < buckets.size(); i++) {
      ExecutionStatistics.Bucket b = buckets.get(i);
      long other = b.started() - b.succeeded() - b.failed() - b.timedOut() - b.aborted();
      long[] values = {b.succeeded(), b.failed(), b.timedOut(), b.aborted(), other};
      double base = HEIGHT - BOTTOM;
      for (int s = 0; s < values.length; s++) {
        if (values[s] <= 0) continue;
        double h = plotHeight() * values[s] / max;
        base -= h;
        out.add(
            new Segment(
                LEFT + i * w + 1,
                base,
                Math.max(1, w - 2),
                h,
                STATUSES.get(s).kind(),
                labels.get(i)
                    + ": "
                    + values[s]
                    + " "
                    + STATUSES.get(s).label().toLowerCase(Locale.ROOT)));
      }
    }
    return out;
  }

  static List<Line> durationLines(List<ExecutionStatistics.Bucket> buckets) {
    long max = 1;
    for (ExecutionStatistics.Bucket b : buckets) if (b.p99() != null) max = Math.max(max, b.p99());
    double w = barWidth(buckets.size());
    StringBuilder p50 = new StringBuilder();
    StringBuilder p95 = new StringBuilder();
    StringBuilder p99 = new StringBuilder();
    for (int i = 0; i < buckets.size(); i++) {
      ExecutionStatistics.Bucket b = buckets.get(i);
      double x = LEFT + i * w + w / 2;
      point(p50, x, b.p50(), max);
      point(p95, x, b.p95(), max);
      point(p99, x, b.p99(), max);
    }
    return List.of(
        new Line("p50", "p50 (solid)", p50.toString().trim()),
        new Line("p95", "p95 (dashed)", p95.toString().trim()),
        new Line("p99", "p99 (dotted)", p99.toString().trim()));
  }

  static long longestP99(List<ExecutionStatistics.Bucket> buckets) {
    long max = 0;
    for (ExecutionStatistics.Bucket b : buckets) if (b.p99() != null) max = Math.max(max, b.p99());
    return max;
  }

  private static void point(StringBuilder line, double x, Long value, long max) {
    if (value == null) return;
    double y = HEIGHT - BOTTOM - plotHeight() * value / max;
    line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
  }

  /** Every few buckets' label under the bars, so they do not overlap. */
  static List<Tick> bucketTicks(List<String> labels) {
    double w = barWidth(labels.size());
    int every = Math.max(1, (int) Math.ceil(labels.size() / 8.0));
    List<Tick> out = new ArrayList<>();
    for (int i = 0; i < labels.size(); i += every) {
      out.add(new Tick(LEFT + i * w + w / 2, HEIGHT - 6, labels.get(i)));
    }
    return out;
  }
}
