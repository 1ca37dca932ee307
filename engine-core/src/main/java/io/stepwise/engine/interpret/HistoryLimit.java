package io.stepwise.engine.interpret;

import io.stepwise.engine.error.ErrorNames;
import io.stepwise.engine.history.HistoryEventType;
import io.stepwise.engine.service.AwsLimits;
import java.util.HashSet;
import java.util.Set;

/**
 * AWS's limit of 25,000 events in one execution's history, held here so that every runtime keeps it
 * (durable, Express, TestState, replay, time travel): the event that would be the 25,000th, if it
 * does not end the execution, is replaced by the execution's failure (States.Runtime), so a loop in
 * a definition cannot grow a history, nor a replay's work, without end.
 */
final class HistoryLimit {
  static final int MAX_EVENTS = AwsLimits.HISTORY_EVENTS;

  static final String CAUSE =
      "The execution reached the maximum number of history events (" + MAX_EVENTS + ").";

  private HistoryLimit() {}

  /** Thrown out of the step when its next event would pass the limit. */
  static final class Reached extends RuntimeException {
    Reached() {
      super("history limit", null, false, false);
    }
  }

  /** Whether an event with that id and type may no longer be added. */
  static boolean passedBy(long eventId, HistoryEventType type) {
    return eventId >= MAX_EVENTS && !endsExecution(type);
  }

  private static boolean endsExecution(HistoryEventType type) {
    return switch (type) {
      case EXECUTION_SUCCEEDED, EXECUTION_FAILED, EXECUTION_ABORTED, EXECUTION_TIMED_OUT -> true;
      default -> false;
    };
  }

  /**
   * Ends the execution of a step that reached the limit: what the step started is not started (its
   * commands are dropped), what was running before is cancelled, and ExecutionFailed is the last
   * event.
   */
  static void fail(ExecutionStep step) {
    Set<String> startedNow = new HashSet<>();
    step.commands.removeIf(
        command -> {
          String id = startedId(command);
          return id != null && startedNow.add(id);
        });
    step.terminate(
        ExecutionStatus.FAILED, HistoryEventType.EXECUTION_FAILED, ErrorNames.RUNTIME, CAUSE);
    step.commands.removeIf(
        command ->
            command instanceof Command.CancelTask t && startedNow.contains(t.taskToken())
                || command instanceof Command.CancelTimer c && startedNow.contains(c.timerId()));
  }

  private static String startedId(Command command) {
    return switch (command) {
      case Command.DispatchTask t -> t.taskToken();
      case Command.StartTimer t -> t.timerId();
      case Command.StartChildExecution c -> c.token();
      case Command.ReadItems r -> r.token();
      case Command.WriteResults w -> w.token();
      case Command.CancelTask t -> null;
      case Command.CancelTimer t -> null;
    };
  }
}
