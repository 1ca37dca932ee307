package io.stepwise.engine.interpret;

import io.stepwise.engine.asl.Recoverable;
import io.stepwise.engine.asl.Retrier;
import io.stepwise.engine.history.HistoryBranches;
import io.stepwise.engine.history.HistoryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
    // The entry's own events: its branch's, up to that branch's next state.
    HistoryBranches branches = HistoryBranches.of(history);
    String branch = branches.branchOf(enteredEventId);
    List<HistoryEvent> mine = new ArrayList<>();
    for (HistoryEvent e : history) {
      if (e.id() <= enteredEventId || !branch.equals(branches.branchOf(e.id()))) continue;
      if (e.type().awsName().endsWith("StateEntered")) break;
      mine.add(e);
    }
    List<Attempt> attempts = new ArrayList<>();
    HistoryEvent failure = null;
    HistoryEvent started = null;
    int[] used = new int[state.retry().size()];
    for (HistoryEvent e : mine) {
      String type = e.type().awsName();
      if (isAttemptStart(type) && failure == null && started != null) {
        // A fan-out retried: AWS records no failure on the state's own line, only a new start.
        attempts.add(
            new Attempt(
                attempts.size() + 1,
                "",
                null,
                null,
                List.of(),
                Duration.between(started.timestamp(), e.timestamp())));
      }
      if (isAttemptStart(type)) started = e;
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
}
