package io.stepwise.engine.history;

/** The history event types of AWS Step Functions; {@link #awsName()} is the wire name. */
public enum HistoryEventType {
  ACTIVITY_FAILED("activityFailedEventDetails"),
  ACTIVITY_SCHEDULED("activityScheduledEventDetails"),
  ACTIVITY_SCHEDULE_FAILED("activityScheduleFailedEventDetails"),
  ACTIVITY_STARTED("activityStartedEventDetails"),
  ACTIVITY_SUCCEEDED("activitySucceededEventDetails"),
  ACTIVITY_TIMED_OUT("activityTimedOutEventDetails"),
  CHOICE_STATE_ENTERED("stateEnteredEventDetails"),
  CHOICE_STATE_EXITED("stateExitedEventDetails"),
  EXECUTION_ABORTED("executionAbortedEventDetails"),
  EXECUTION_FAILED("executionFailedEventDetails"),
  EXECUTION_STARTED("executionStartedEventDetails"),
  EXECUTION_SUCCEEDED("executionSucceededEventDetails"),
  EXECUTION_TIMED_OUT("executionTimedOutEventDetails"),
  EXECUTION_REDRIVEN("executionRedrivenEventDetails"),
  FAIL_STATE_ENTERED("stateEnteredEventDetails"),
  LAMBDA_FUNCTION_FAILED("lambdaFunctionFailedEventDetails"),
  LAMBDA_FUNCTION_SCHEDULED("lambdaFunctionScheduledEventDetails"),
  LAMBDA_FUNCTION_SCHEDULE_FAILED("lambdaFunctionScheduleFailedEventDetails"),
  LAMBDA_FUNCTION_STARTED(null),
  LAMBDA_FUNCTION_START_FAILED("lambdaFunctionStartFailedEventDetails"),
  LAMBDA_FUNCTION_SUCCEEDED("lambdaFunctionSucceededEventDetails"),
  LAMBDA_FUNCTION_TIMED_OUT("lambdaFunctionTimedOutEventDetails"),
  MAP_ITERATION_ABORTED("mapIterationAbortedEventDetails"),
  MAP_ITERATION_FAILED("mapIterationFailedEventDetails"),
  MAP_ITERATION_STARTED("mapIterationStartedEventDetails"),
  MAP_ITERATION_SUCCEEDED("mapIterationSucceededEventDetails"),
  MAP_RUN_ABORTED("mapRunAbortedEventDetails"),
  MAP_RUN_FAILED("mapRunFailedEventDetails"),
  MAP_RUN_REDRIVEN("mapRunRedrivenEventDetails"),
  MAP_RUN_STARTED("mapRunStartedEventDetails"),
  MAP_RUN_SUCCEEDED(null),
  MAP_STATE_ABORTED(null),
  MAP_STATE_ENTERED("stateEnteredEventDetails"),
  MAP_STATE_EXITED("stateExitedEventDetails"),
  MAP_STATE_FAILED(null),
  MAP_STATE_STARTED("mapStateStartedEventDetails"),
  MAP_STATE_SUCCEEDED(null),
  PARALLEL_STATE_ABORTED(null),
  PARALLEL_STATE_ENTERED("stateEnteredEventDetails"),
  PARALLEL_STATE_EXITED("stateExitedEventDetails"),
  PARALLEL_STATE_FAILED(null),
  PARALLEL_STATE_STARTED(null),
  PARALLEL_STATE_SUCCEEDED(null),
  PASS_STATE_ENTERED("stateEnteredEventDetails"),
  PASS_STATE_EXITED("stateExitedEventDetails"),
  SUCCEED_STATE_ENTERED("stateEnteredEventDetails"),
  SUCCEED_STATE_EXITED("stateExitedEventDetails"),
  TASK_FAILED("taskFailedEventDetails"),
  TASK_SCHEDULED("taskScheduledEventDetails"),
  TASK_STARTED("taskStartedEventDetails"),
  TASK_START_FAILED("taskStartFailedEventDetails"),
  TASK_STATE_ABORTED(null),
  TASK_STATE_ENTERED("stateEnteredEventDetails"),
  TASK_STATE_EXITED("stateExitedEventDetails"),
  TASK_SUBMIT_FAILED("taskSubmitFailedEventDetails"),
  TASK_SUBMITTED("taskSubmittedEventDetails"),
  TASK_SUCCEEDED("taskSucceededEventDetails"),
  TASK_TIMED_OUT("taskTimedOutEventDetails"),
  WAIT_STATE_ABORTED(null),
  WAIT_STATE_ENTERED("stateEnteredEventDetails"),
  WAIT_STATE_EXITED("stateExitedEventDetails"),
  EVALUATION_FAILED("evaluationFailedEventDetails");

  private final String detailsKey;
  private final String awsName;

  HistoryEventType(String detailsKey) {
    this.detailsKey = detailsKey;
    StringBuilder sb = new StringBuilder();
    for (String part : name().split("_")) {
      sb.append(part.charAt(0)).append(part.substring(1).toLowerCase());
    }
    this.awsName = sb.toString();
  }

  /** The type as AWS spells it, e.g. {@code TaskStateEntered}. */
  public String awsName() {
    return awsName;
  }

  /** The JSON key under which AWS puts this event's details, or null when it has none. */
  public String detailsKey() {
    return detailsKey;
  }

  /** The type for an AWS name; null if unknown. */
  public static HistoryEventType fromAwsName(String name) {
    for (HistoryEventType t : values()) if (t.awsName.equals(name)) return t;
    return null;
  }

  /** The {@code <StateType>StateEntered} type for a state type name. */
  public static HistoryEventType entered(String stateType) {
    return fromAwsName(stateType + "StateEntered");
  }

  /** The {@code <StateType>StateExited} type for a state type name (none for Fail). */
  public static HistoryEventType exited(String stateType) {
    return fromAwsName(stateType + "StateExited");
  }
}
