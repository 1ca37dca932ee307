package io.stepwise.engine.interpret;

import io.stepwise.engine.asl.Recoverable;
import io.stepwise.engine.asl.Retrier;
import io.stepwise.engine.history.HistoryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The attempts of one entry into a Task, Parallel or Map state, read from its history: each failure
 * with its error and cause, the Retry rule that took it (by the interpreter's own matching rules),
 * and how long the execution waited before the next attempt.
 */
public final class RetryExplainer {
  private RetryExplainer() {}

  /**
   * One attempt. {@code retrier} is the index of the Retry rule that matched its failure (null when
   * none did or it succeeded); {@code delay} is the wait before the next attempt (null for the
   * last).
   */
  public record Attempt(
      int number,
      String error,
      String cause,
      Integer retrier,
      List<String> errorEquals,
      Duration delay) {
    public boolean failed() {
      return error != null;
    }
  }

  /**
   * The attempts of the state entry that began with event {@code enteredEventId}, for a state with
   * Retry rules.
   */
  public static List<Attempt> explain(
      Recoverable state, List<HistoryEvent> history, long enteredEventId) {
    Map<Long, HistoryEvent> byId = new HashMap<>();
    for (HistoryEvent e : history) byId.put(e.id(), e);
    List<HistoryEvent> mine = new ArrayList<>();
    for (HistoryEvent e : history) {
      if (e.id() > enteredEventId && belongsTo(e, enteredEventId, byId)) mine.add(e);
    }
    List<Attempt> attempts = new ArrayList<>();
    HistoryEvent failure = null;
    int[] used = new int[state.retry().size()];
    for (HistoryEvent e : mine) {
      String type = e.type().awsName();
      if (isAttemptStart(type) && failure != null) {
        attempts.add(
            attempt(
                attempts.size() + 1,
                failure,
                state,
                used,
                Duration.between(failure.timestamp(), e.timestamp())));
        failure = null;
      }
      if (isFailure(type)) failure = e;
    }
    if (failure != null) attempts.add(attempt(attempts.size() + 1, failure, state, used, null));
    else if (!mine.isEmpty())
      attempts.add(new Attempt(attempts.size() + 1, null, null, null, List.of(), null));
    return attempts;
  }

  private static Attempt attempt(
      int n, HistoryEvent failure, Recoverable state, int[] used, Duration delay) {
    String error = failure.details() == null ? null : failure.details().path("error").asText(null);
    String cause = failure.details() == null ? null : failure.details().path("cause").asText(null);
    Integer index = null;
    List<String> errorEquals = List.of();
    for (int i = 0; i < state.retry().size(); i++) {
      Retrier r = state.retry().get(i);
      if (Recovery.matches(r.errorEquals(), error)) {
        if (used[i] < r.maxAttempts() && delay != null) {
          used[i]++;
          index = i;
          errorEquals = r.errorEquals();
        }
        break;
      }
    }
    return new Attempt(n, error == null ? "" : error, cause, index, errorEquals, delay);
  }

  private static boolean isAttemptStart(String type) {
    return type.endsWith("Scheduled")
        || type.equals("ParallelStateStarted")
        || type.equals("MapStateStarted");
  }

  private static boolean isFailure(String type) {
    return (type.endsWith("Failed") || type.endsWith("TimedOut"))
        && !type.startsWith("MapIteration")
        && !type.startsWith("Execution");
  }

  /** Whether the event's chain of previous events leads back to that state entry. */
  private static boolean belongsTo(
      HistoryEvent e, long enteredEventId, Map<Long, HistoryEvent> byId) {
    HistoryEvent current = e;
    for (int guard = 0; current != null && guard < 100_000; guard++) {
      if (current.id() == enteredEventId) return true;
      if (current.id() != e.id() && current.type().awsName().endsWith("StateEntered")) return false;
      current = byId.get(current.previousEventId());
    }
    return false;
  }
}
