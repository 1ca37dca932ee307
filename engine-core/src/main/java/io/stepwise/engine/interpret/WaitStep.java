package io.stepwise.engine.interpret;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.asl.StateGraph;
import io.stepwise.engine.asl.WaitState;
import io.stepwise.engine.dataflow.DataScope;
import io.stepwise.engine.dataflow.ValueExpression;
import io.stepwise.engine.dataflow.jsonata.QueryErrors;
import io.stepwise.engine.error.StateEvaluationException;
import io.stepwise.engine.json.Json;
import java.time.Instant;

/** Wait states: compute when, park on a timer (never a sleeping thread), then go on. */
final class WaitStep {
  /** AWS refuses waits longer than this (wait/timestamp_too_far_in_future_boundary_24856). */
  private static final long MAX_WAIT_SECONDS = Integer.MAX_VALUE;

  private WaitStep() {}

  static void start(ExecutionStep step, Frame frame, StateGraph graph, WaitState state) {
    DataScope scope = step.scope(frame, frame.stateInput);
    JsonNode effective =
        ExecutionStep.jsonata(state)
            ? frame.stateInput
            : DataFlow.select(state.base().inputPath(), scope, frame.stateInput);
    frame.effectiveInput = effective;
    Instant due = due(state, scope.withInput(effective), step.now);
    if (due.getEpochSecond() - step.now.getEpochSecond() > MAX_WAIT_SECONDS) {
      throw StateEvaluationException.runtime("Wait state delay is too long.");
    }
    if (!due.isAfter(step.now)) {
      finish(step, frame, graph, state);
      return;
    }
    frame.timerId = step.newTimerId(frame);
    frame.phase = Frame.Phase.WAITING_TIMER;
    step.commands.add(new Command.StartTimer(frame.timerId, due));
  }

  static void finish(ExecutionStep step, Frame frame, StateGraph graph, WaitState state) {
    frame.timerId = null;
    DataScope scope = step.scope(frame, frame.stateInput);
    if (ExecutionStep.jsonata(state)) {
      step.leave(
          frame,
          graph,
          state,
          scope,
          DataFlow.output(state.base().output(), scope, frame.stateInput));
      return;
    }
    step.leave(
        frame,
        graph,
        state,
        scope.withInput(frame.effectiveInput),
        DataFlow.select(state.base().outputPath(), scope, frame.effectiveInput));
  }

  private static Instant due(WaitState state, DataScope scope, Instant now) {
    if (state.seconds() != null) {
      return now.plusSeconds(seconds(state.seconds(), scope));
    }
    return timestamp(state.timestamp(), scope);
  }

  private static long seconds(ValueExpression e, DataScope scope) {
    if (e instanceof ValueExpression.Literal l) return l.value().asLong();
    if (e instanceof ValueExpression.PathRef p) {
      JsonNode v = scope.resolve(p.path(), p.field());
      String shown = p.path().text() + " == " + (v.isTextual() ? v.textValue() : Json.write(v));
      if (!v.isIntegralNumber()
          && !(v.isNumber() && v.decimalValue().stripTrailingZeros().scale() <= 0)) {
        throw StateEvaluationException.runtime(
            "The SecondsPath parameter cannot be parsed as a long value: " + shown);
      }
      if (v.asLong() < 0) {
        throw StateEvaluationException.runtime(
            "The SecondsPath parameter references a negative value: " + shown);
      }
      return v.asLong();
    }
    ValueExpression.Jsonata j = (ValueExpression.Jsonata) e;
    JsonNode v = j.expression().evaluate(scope, j.field());
    if (!v.isIntegralNumber() || v.asLong() < 0) {
      throw QueryErrors.error(
          "The Seconds field must be a non-negative integer: " + Json.write(v), j.field());
    }
    return v.asLong();
  }

  private static Instant timestamp(ValueExpression e, DataScope scope) {
    if (e instanceof ValueExpression.Literal l) {
      Instant t = ChoiceEvaluator.timestamp(l.value().asText());
      if (t == null)
        throw StateEvaluationException.runtime("Invalid Timestamp: " + l.value().asText());
      return t;
    }
    if (e instanceof ValueExpression.PathRef p) {
      JsonNode v = scope.resolve(p.path(), p.field());
      Instant t = v.isTextual() ? WaitTimestamps.parse(v.textValue()) : null;
      if (t == null) {
        throw StateEvaluationException.runtime(
            "The TimestampPath parameter does not reference a valid ISO-8601 extended offset"
                + " date-time format string: "
                + p.path().text()
                + " == "
                + (v.isTextual() ? v.textValue() : Json.write(v)));
      }
      return t;
    }
    ValueExpression.Jsonata j = (ValueExpression.Jsonata) e;
    JsonNode v = j.expression().evaluate(scope, j.field());
    Instant t = v.isTextual() ? WaitTimestamps.parse(v.textValue()) : null;
    if (t == null) {
      // wait/wait_timestamp_jsonata_invalid_date
      throw QueryErrors.error(
          "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format"
              + " string: "
              + (v.isTextual() ? v.textValue() : Json.write(v)),
          j.field());
    }
    return t;
  }
}
