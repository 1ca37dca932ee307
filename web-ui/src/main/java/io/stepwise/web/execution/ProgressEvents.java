package io.stepwise.web.execution;

import io.stepwise.engine.history.HistoryEventType;
import java.util.EnumSet;
import java.util.Set;

/** What each kind of history event means to {@link ExecutionProgress}. */
final class ProgressEvents {
  private ProgressEvents() {}

  static final Set<HistoryEventType> FAILURES =
      EnumSet.of(
          HistoryEventType.TASK_FAILED,
          HistoryEventType.TASK_TIMED_OUT,
          HistoryEventType.TASK_START_FAILED,
          HistoryEventType.TASK_SUBMIT_FAILED,
          HistoryEventType.ACTIVITY_FAILED,
          HistoryEventType.ACTIVITY_TIMED_OUT,
          HistoryEventType.ACTIVITY_SCHEDULE_FAILED,
          HistoryEventType.LAMBDA_FUNCTION_FAILED,
          HistoryEventType.LAMBDA_FUNCTION_TIMED_OUT,
          HistoryEventType.LAMBDA_FUNCTION_SCHEDULE_FAILED,
          HistoryEventType.LAMBDA_FUNCTION_START_FAILED,
          HistoryEventType.MAP_STATE_FAILED,
          HistoryEventType.MAP_RUN_FAILED,
          HistoryEventType.PARALLEL_STATE_FAILED,
          HistoryEventType.EVALUATION_FAILED);

  /** Events that begin an attempt: after a failure they mean Retry ran the state again. */
  static final Set<HistoryEventType> ATTEMPTS =
      EnumSet.of(
          HistoryEventType.TASK_SCHEDULED,
          HistoryEventType.ACTIVITY_SCHEDULED,
          HistoryEventType.LAMBDA_FUNCTION_SCHEDULED,
          HistoryEventType.MAP_STATE_STARTED,
          HistoryEventType.PARALLEL_STATE_STARTED);

  /** A worker (or the service) took the task. */
  static final Set<HistoryEventType> STARTS =
      EnumSet.of(
          HistoryEventType.TASK_STARTED,
          HistoryEventType.ACTIVITY_STARTED,
          HistoryEventType.LAMBDA_FUNCTION_STARTED);

  static final Set<HistoryEventType> ABORTS =
      EnumSet.of(
          HistoryEventType.TASK_STATE_ABORTED,
          HistoryEventType.MAP_STATE_ABORTED,
          HistoryEventType.PARALLEL_STATE_ABORTED,
          HistoryEventType.WAIT_STATE_ABORTED);

  static final Set<HistoryEventType> EXECUTION_ENDS =
      EnumSet.of(
          HistoryEventType.EXECUTION_SUCCEEDED,
          HistoryEventType.EXECUTION_FAILED,
          HistoryEventType.EXECUTION_ABORTED,
          HistoryEventType.EXECUTION_TIMED_OUT);

  /** The start of a Map or Parallel state, whose failed attempt leaves no failure of its own. */
  static boolean fanOutStart(HistoryEventType type) {
    return type == HistoryEventType.MAP_STATE_STARTED
        || type == HistoryEventType.PARALLEL_STATE_STARTED;
  }

  /** The index of the innermost Map iteration a branch runs in ({@code …[3]…}), or -1. */
  static int iterationIndex(String branch) {
    int close = branch.lastIndexOf(']');
    int open = close < 0 ? -1 : branch.lastIndexOf('[', close);
    return open < 0 ? -1 : Integer.parseInt(branch.substring(open + 1, close));
  }
}
