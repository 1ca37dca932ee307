package io.stepwise.engine.runtime.memory;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The timers of one in-memory run: started, cancelled or restarted by id, taken in due order (ties
 * in the order they were started). Not thread-safe: one runner owns it.
 */
public final class Timers {
  private record Timer(String id, Instant due, long order) {}

  private final PriorityQueue<Timer> queue =
      new PriorityQueue<>(Comparator.comparing(Timer::due).thenComparingLong(Timer::order));
  private final Map<String, Timer> live = new HashMap<>();
  private long order;

  /** Starts the timer, replacing one with the same id. */
  public void start(String id, Instant due) {
    Timer timer = new Timer(id, due, order++);
    live.put(id, timer);
    queue.add(timer);
  }

  public void cancel(String id) {
    live.remove(id);
  }

  /** When the earliest live timer is due, or null when none is. */
  public Instant nextDue() {
    Timer first = first();
    return first == null ? null : first.due();
  }

  /** Takes the earliest live timer and returns its id, or null when none is left. */
  public String takeNext() {
    Timer first = first();
    if (first == null) return null;
    queue.poll();
    live.remove(first.id());
    return first.id();
  }

  private Timer first() {
    Timer first = queue.peek();
    // Cancelled timers, and starts replaced by a later start of the same id, are dropped here.
    while (first != null && live.get(first.id()) != first) {
      queue.poll();
      first = queue.peek();
    }
    return first;
  }
}
