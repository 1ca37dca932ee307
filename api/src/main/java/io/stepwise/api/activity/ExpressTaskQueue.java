package io.stepwise.api.activity;

import io.stepwise.api.runtime.Wakeups;
import io.stepwise.engine.interpret.Command;
import io.stepwise.engine.interpret.Signal;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The tasks of Express executions, which live in this server's memory only (as the executions do):
 * workers take them with the same GetActivityTask as durable tasks, and their SendTask* answers go
 * straight to the running execution. A task is handed out once; it is gone when answered, when its
 * execution stops waiting for it, or when the server stops (Express is at-least-once: the caller
 * starts the execution again).
 */
@ApplicationScoped
public class ExpressTaskQueue {
  /** A task waiting for, or held by, a worker. */
  private record Entry(Command.DispatchTask task, Consumer<Signal> answers) {}

  /** A task handed to a worker. */
  public record Claimed(String token, String input) {}

  private final Map<String, Deque<Entry>> open = new ConcurrentHashMap<>();
  private final Map<String, Entry> byToken = new ConcurrentHashMap<>();
  private final Wakeups wakeups;

  public ExpressTaskQueue(Wakeups wakeups) {
    this.wakeups = wakeups;
  }

  /** Queues a task of a running Express execution; its answers go to {@code answers}. */
  public void offer(Command.DispatchTask task, Consumer<Signal> answers) {
    String resource = task.resource().arn();
    Entry entry = new Entry(task, answers);
    byToken.put(task.taskToken(), entry);
    Deque<Entry> queue = open.computeIfAbsent(resource, r -> new ArrayDeque<>());
    synchronized (queue) {
      queue.addLast(entry);
    }
    wakeups.taskQueued(resource);
  }

  /** The oldest queued task of the resource, now held by a worker. */
  public Optional<Claimed> claim(String resource) {
    Deque<Entry> queue = open.get(resource);
    if (queue == null) return Optional.empty();
    while (true) {
      Entry entry;
      synchronized (queue) {
        entry = queue.pollFirst();
      }
      if (entry == null) return Optional.empty();
      // A task whose execution stopped waiting while it was queued is skipped.
      if (byToken.get(entry.task().taskToken()) == entry) {
        return Optional.of(new Claimed(entry.task().taskToken(), Json.write(entry.task().input())));
      }
    }
  }

  /**
   * Delivers a worker's answer when the token is one of this server's Express tasks; false when it
   * is not (the caller then looks for a durable task). A success or failure closes the task.
   */
  public boolean answer(String token, Signal signal) {
    Entry entry =
        signal instanceof Signal.TaskHeartbeat ? byToken.get(token) : byToken.remove(token);
    if (entry == null) return false;
    entry.answers().accept(signal);
    return true;
  }

  /** The execution no longer waits for the task: it is neither handed out nor answered. */
  public void cancel(String token) {
    byToken.remove(token);
  }

  /** Tasks queued or held now (for tests and metrics). */
  public int size() {
    return byToken.size();
  }
}
