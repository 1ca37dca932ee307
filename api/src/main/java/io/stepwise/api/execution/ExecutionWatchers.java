package io.stepwise.api.execution;

import io.stepwise.api.runtime.PgNotifications;
import io.stepwise.engine.history.HistoryEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Viewers of executions' histories, fed by the {@code stepwise_execution} NOTIFY: when any server
 * process commits a step of a watched execution, this process reads the events after each viewer's
 * last one and hands them over. One reader per execution at a time; a change during a read makes it
 * read again, so no batch is lost or repeated.
 */
@ApplicationScoped
public class ExecutionWatchers {
  private static final Logger LOG = Logger.getLogger(ExecutionWatchers.class);

  private final PgExecutions store;
  private final Map<String, Watched> watched = new ConcurrentHashMap<>();

  public ExecutionWatchers(PgExecutions store, PgNotifications notifications) {
    this.store = store;
    notifications.onExecutionChanged(this::changed);
  }

  private static final class Watcher {
    final Consumer<List<HistoryEvent>> listener;
    volatile long lastEventId;

    Watcher(Consumer<List<HistoryEvent>> listener, long lastEventId) {
      this.listener = listener;
      this.lastEventId = lastEventId;
    }
  }

  private static final class Watched {
    final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    final AtomicBoolean reading = new AtomicBoolean();
    final AtomicBoolean dirty = new AtomicBoolean();
  }

  /** Starts handing the events after {@code lastEventId} to the listener. */
  AutoCloseable watch(String arn, long lastEventId, Consumer<List<HistoryEvent>> listener) {
    Watcher w = new Watcher(listener, lastEventId);
    Watched entry = watched.computeIfAbsent(arn, a -> new Watched());
    entry.watchers.add(w);
    changed(arn); // events may have come between the caller's read and this registration
    return () -> {
      entry.watchers.remove(w);
      watched.computeIfPresent(arn, (a, e) -> e.watchers.isEmpty() ? null : e);
    };
  }

  private void changed(String arn) {
    Watched entry = watched.get(arn);
    if (entry == null) return;
    entry.dirty.set(true);
    if (entry.reading.compareAndSet(false, true)) {
      Thread.ofVirtual().name("stepwise-watch").start(() -> read(arn, entry));
    }
  }

  private void read(String arn, Watched entry) {
    try {
      while (entry.dirty.getAndSet(false)) {
        for (Watcher w : entry.watchers) {
          while (true) {
            List<HistoryEvent> events = store.history(arn, w.lastEventId, false, 1000);
            if (events.isEmpty()) break;
            w.lastEventId = events.getLast().id();
            try {
              w.listener.accept(events);
            } catch (RuntimeException e) {
              // A broken viewer must not stop the others.
              entry.watchers.remove(w);
              break;
            }
            if (events.size() < 1000) break;
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("reading new events for watchers failed", e);
    } finally {
      entry.reading.set(false);
      if (entry.dirty.get() && entry.reading.compareAndSet(false, true)) {
        Thread.ofVirtual().name("stepwise-watch").start(() -> read(arn, entry));
      }
    }
  }
}
