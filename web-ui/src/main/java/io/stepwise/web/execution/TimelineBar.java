package io.stepwise.web.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One bar of an execution's timeline: where a state's visit starts and how long it lasts, as
 * percentages of the execution's duration so far.
 */
public record TimelineBar(
    String stateName, int depth, double offset, double width, String duration, String cssClass) {

  /** Left padding of the name in pixels: nested states are indented. */
  public int indent() {
    return depth * 12;
  }

  /** The bars of the visits, scaled to the span from {@code start} to {@code end}. */
  public static List<TimelineBar> of(List<StateVisit> visits, Instant start, Instant end) {
    if (start == null) return List.of();
    double total = Math.max(1, Duration.between(start, end).toMillis());
    return visits.stream()
        .map(
            v -> {
              Instant until = v.end() == null ? end : v.end();
              long millis = Math.max(0, Duration.between(v.start(), until).toMillis());
              double offset = Duration.between(start, v.start()).toMillis() / total * 100;
              double width = Math.max(0.5, millis / total * 100);
              return new TimelineBar(
                  v.stateName(),
                  v.depth(),
                  round(Math.min(offset, 99.5)),
                  round(Math.min(width, 100 - Math.min(offset, 99.5))),
                  Durations.text(millis) + (v.end() == null ? " so far" : ""),
                  v.status().cssClass());
            })
        .toList();
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
