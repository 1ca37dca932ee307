package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.asl.Catcher;
import io.stepwise.engine.asl.Recoverable;
import io.stepwise.engine.asl.Retrier;
import io.stepwise.engine.asl.State;
import io.stepwise.engine.asl.StateGraph;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.error.ErrorNames;
import io.stepwise.engine.error.StatesException;
import io.stepwise.engine.json.Json;
import java.time.Duration;
import java.util.List;

/** Retry and Catch: what happens when a state fails. */
final class Recovery {
  private Recovery() {}

  /**
   * Retries the state, moves to a catcher's state, or fails the frame. States.Runtime is never
   * retried or caught, even when named (errors/catch_states_runtime).
   */
  static void handle(
      ExecutionStep step, Frame frame, StateGraph graph, State state, String error, String cause) {
    handle(step, frame, graph, state, error, cause, () -> {});
  }

  /**
   * As above; {@code givingUp} runs once it is clear the state will not be retried (before the
   * catcher's or the failure's events): Map and Parallel record their Failed event only then
   * (map/map_state_retry).
   */
  static void handle(
      ExecutionStep step,
      Frame frame,
      StateGraph graph,
      State state,
      String error,
      String cause,
      Runnable givingUp) {
    if (state instanceof Recoverable recoverable && !ErrorNames.RUNTIME.equals(error)) {
      if (retry(step, frame, graph, state, recoverable.retry(), error)) return;
      givingUp.run();
      if (catchError(step, frame, state, recoverable.catchers(), error, cause)) return;
    } else {
      givingUp.run();
    }
    step.frameFailed(frame, error, cause);
  }

  private static boolean retry(
      ExecutionStep step,
      Frame frame,
      StateGraph graph,
      State state,
      List<Retrier> retriers,
      String error) {
    for (int i = 0; i < retriers.size(); i++) {
      Retrier r = retriers.get(i);
      if (!matches(r.errorEquals(), error)) continue;
      if (frame.retryAttempts == null) frame.retryAttempts = new int[retriers.size()];
      int attempts = frame.retryAttempts[i];
      if (attempts >= r.maxAttempts()) return false;
      frame.retryAttempts[i] = attempts + 1;
      frame.retryCount++;
      Duration delay = delay(r, attempts, step);
      if (delay.isZero()) {
        step.execute(frame, graph, state);
      } else {
        frame.timerId = step.newTimerId(frame);
        frame.phase = Frame.Phase.WAITING_RETRY;
        step.commands.add(new Command.StartTimer(frame.timerId, step.now.plus(delay)));
      }
      return true;
    }
    return false;
  }

  /**
   * IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, with full jitter if asked.
   */
  static Duration delay(Retrier r, int attempt, ExecutionStep step) {
    double seconds = r.intervalSeconds() * Math.pow(r.backoffRate(), attempt);
    if (r.maxDelaySeconds() != null) seconds = Math.min(seconds, r.maxDelaySeconds());
    if (r.jitterStrategy() == Retrier.JitterStrategy.FULL) {
      seconds = seconds * step.random.nextDouble();
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  private static boolean catchError(
      ExecutionStep step,
      Frame frame,
      State state,
      List<Catcher> catchers,
      String error,
      String cause) {
    for (Catcher c : catchers) {
      if (!matches(c.errorEquals(), error)) continue;
      ObjectNode errorOutput = Json.object();
      errorOutput.put("Error", error);
      // A timeout has no cause, and AWS shows it as "" (errors/invoke_timeout).
      errorOutput.put("Cause", cause == null ? "" : cause);
      JsonNode output;
      ObjectNode assigned;
      try {
        DataScope scope = step.scope(frame, frame.stateInput);
        if (ExecutionStep.jsonata(state)) {
          // A JSONata Catcher outputs $states.errorOutput unless it says otherwise
          // (variables/assign_in_catch_state).
          DataScope errorScope = scope.withErrorOutput(errorOutput);
          output = DataFlow.output(c.output(), errorScope, errorOutput);
          assigned = Variables.evaluate(c.assign(), errorScope);
        } else {
          output = DataFlow.placeResult(c.resultPath(), frame.stateInput, errorOutput, step.sizes);
          assigned = Variables.evaluate(c.assign(), scope.withInput(errorOutput));
        }
        Variables.apply(frame, assigned);
      } catch (StatesException e) {
        step.failUnrecoverably(frame, state, e);
        return true;
      }
      step.emitExited(frame, state, output, assigned);
      step.moveTo(frame, c.next(), output);
      return true;
    }
    return false;
  }

  /**
   * Whether an ErrorEquals list takes the error. States.ALL takes everything (States.Runtime never
   * gets here), even States.DataLimitExceeded
   * (errors/task_lambda_catch_state_all_data_limit_exceeded_on_large_utf8_response);
   * States.TaskFailed takes everything but States.Timeout.
   */
  static boolean matches(List<String> errorEquals, String error) {
    for (String e : errorEquals) {
      if (e.equals(error)) return true;
      if (e.equals(ErrorNames.ALL)) return true;
      if (e.equals(ErrorNames.TASK_FAILED) && !ErrorNames.TIMEOUT.equals(error)) {
        return true;
      }
    }
    return false;
  }
}
