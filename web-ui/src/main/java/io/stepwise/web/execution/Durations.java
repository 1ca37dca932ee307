package io.stepwise.web.execution;

/**
 * Durations written for people: {@code 850 ms}, {@code 12.3 s}, {@code 4 min 5 s}, {@code 2 h 3
 * min}.
 */
public final class Durations {
  private Durations() {}

  public static String text(long millis) {
    if (millis < 1000) return millis + " ms";
    if (millis < 60_000) return Math.round(millis / 100.0) / 10.0 + " s";
    long seconds = millis / 1000;
    if (seconds < 3600) return seconds / 60 + " min " + seconds % 60 + " s";
    return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
  }
}
