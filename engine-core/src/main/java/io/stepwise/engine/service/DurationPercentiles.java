package io.stepwise.engine.service;

import java.util.List;

/**
 * Percentiles of durations as PostgreSQL's {@code percentile_cont} computes them (linear
 * interpolation between the two nearest ranks), so the in-memory services and the server agree.
 */
public final class DurationPercentiles {
  private DurationPercentiles() {}

  /** The {@code fraction} (0–1) percentile of sorted values; null for none. */
  public static Long of(List<Long> sorted, double fraction) {
    if (sorted.isEmpty()) return null;
    double rank = fraction * (sorted.size() - 1);
    int below = (int) Math.floor(rank);
    int above = (int) Math.ceil(rank);
    double value = sorted.get(below) + (sorted.get(above) - sorted.get(below)) * (rank - below);
    return Math.round(value);
  }
}
