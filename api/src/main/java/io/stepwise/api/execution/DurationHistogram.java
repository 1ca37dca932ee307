package io.stepwise.api.execution;

import java.util.Map;
import java.util.NavigableMap;

/**
 * Ended executions' durations as V151's histogram: bin {@code b} holds the durations d (ms) with
 * {@code floor(8 * log2(d + 1)) = b}, eight bins per doubling. A percentile is the nearest rank, as
 * {@code percentile_disc} finds it (the first duration with at least {@code q} of them at or below
 * it), placed inside its bin by linear interpolation, so it is off by less than one bin's width
 * (about 9 %) from the duration itself.
 */
final class DurationHistogram {
  private static final double BINS_PER_DOUBLING = 8;

  private final NavigableMap<Integer, Long> counts;
  private final long total;

  DurationHistogram(NavigableMap<Integer, Long> counts) {
    this.counts = counts;
    this.total = counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The {@code q} percentile in milliseconds, or null with no ended execution. */
  Long percentile(double q) {
    if (total == 0) return null;
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long before = 0;
    for (Map.Entry<Integer, Long> e : counts.entrySet()) {
      long n = e.getValue();
      if (rank <= before + n) {
        double low = lowerBound(e.getKey());
        double high = lowerBound(e.getKey() + 1);
        double within = (rank - before - 0.5) / n;
        return Math.round(low + (high - low) * within);
      }
      before += n;
    }
    return Math.round(lowerBound(counts.lastKey() + 1));
  }

  /** The smallest duration (ms) of a bin. */
  static double lowerBound(int bin) {
    return Math.pow(2, bin / BINS_PER_DOUBLING) - 1;
  }
}
