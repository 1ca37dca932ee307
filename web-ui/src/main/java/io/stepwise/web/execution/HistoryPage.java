package io.stepwise.web.execution;

import java.util.List;

/**
 * A window of an execution's history: {@link #SIZE} events after event {@code after}, so the
 * history of an execution with tens of thousands of events opens as fast as a short one.
 *
 * @param total the number of events so far
 */
public record HistoryPage(String executionPath, List<HistoryRow> rows, long after, long total) {
  public static final int SIZE = 100;

  public boolean hasPrevious() {
    return after > 0;
  }

  public boolean hasNext() {
    return after + SIZE < total;
  }

  public long previous() {
    return Math.max(0, after - SIZE);
  }

  public long next() {
    return after + SIZE;
  }

  /** Where the last page starts. */
  public long last() {
    return total <= SIZE ? 0 : (total - 1) / SIZE * SIZE;
  }

  /** Whether this window shows the newest events, so live events are appended to it. */
  public boolean isTail() {
    return !hasNext();
  }

  public long first() {
    return rows.isEmpty() ? 0 : rows.getFirst().id();
  }

  public long lastShown() {
    return rows.isEmpty() ? after : rows.getLast().id();
  }
}
