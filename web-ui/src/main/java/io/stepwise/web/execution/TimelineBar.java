package io.stepwise.web.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One bar of an execution's timeline: where a state's visit starts and how long it lasts, as
 * percentages of the execution's duration so far. Consecutive visits of one state at one depth that
 * ended alike (500 iterations of a Map's Process that all succeeded) make one bar of {@code count}
 * visits, from the first's start to the last's end, so a long run reads as one row.
 */
public record TimelineBar(
    String stateName,
    int depth,
    double offset,
    double width,
    String duration,
    String cssClass,
    int count) {

  /** Left padding of the name in pixels: nested states are indented. */
  public int indent() {
    return depth * 12;
  }

  /** The bars of the visits, scaled to the span from {@code start} to {@code end}. */
  public static List<TimelineBar> of(List<StateVisit> visits, Instant start, Instant end) {
    if (start == null) return List.of();
    double total = Math.max(1, Duration.between(start, end).toMillis());
    List<TimelineBar> bars = new ArrayList<>();
    int i = 0;
    while (i < visits.size()) {
      StateVisit first = visits.get(i);
      int j = i + 1;
      while (j < visits.size() && alike(first, visits.get(j))) j++;
      StateVisit last = visits.get(j - 1);
      long busy = 0;
      for (StateVisit v : visits.subList(i, j)) busy += millis(v, end);
      Instant until = last.end() == null ? end : last.end();
      double offset = Duration.between(start, first.start()).toMillis() / total * 100;
      double span = Math.max(0, Duration.between(first.start(), until).toMillis());
      double width = Math.max(0.5, span / total * 100);
      int count = j - i;
      String so = last.end() == null ? " so far" : "";
      bars.add(
          new TimelineBar(
              first.stateName(),
              first.depth(),
              round(Math.min(offset, 99.5)),
              round(Math.min(width, 100 - Math.min(offset, 99.5))),
              count == 1
                  ? Durations.text(busy) + so
                  : count + " visits, " + Durations.text(busy) + " in all" + so,
              first.status().cssClass(),
              count));
      i = j;
    }
    return bars;
  }

  /** Whether {@code next} continues {@code first}'s run: the same state, depth and outcome. */
  private static boolean alike(StateVisit first, StateVisit next) {
    return next.stateName().equals(first.stateName())
        && next.depth() == first.depth()
        && next.status() == first.status()
        && first.end() != null;
  }

  private static long millis(StateVisit v, Instant end) {
    Instant until = v.end() == null ? end : v.end();
    return Math.max(0, Duration.between(v.start(), until).toMillis());
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
